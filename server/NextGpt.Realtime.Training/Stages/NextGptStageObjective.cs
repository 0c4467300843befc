using NextGpt.Realtime.Modeling.Adapters;
using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.LanguageModel;
using NextGpt.Realtime.Modeling.Projectors;
using NextGpt.Realtime.Modeling.Tokenization;
using NextGpt.Realtime.Training.Losses;
using NextGpt.Realtime.Training.Loop;
using NextGpt.Realtime.Training.Objectives;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Stages;

/// <summary>
/// The loss of NExT-GPT's three training stages (paper sections 4-5; architecture notes sections 2, 4.2 and 6): input
/// media enter as one projected token each among the prompt embeddings, the LLM is trained with cross-entropy on the
/// answer, and every output signal run's last-layer hidden states plus its input embeddings go through that medium's output
/// projector, whose result is pulled toward the decoder text encoder's caption embedding by the l2 loss. Which parts train
/// is the <see cref="StageRecipe"/>'s choice; everything else is frozen.
/// </summary>
public sealed class NextGptStageObjective : ITrainingObjective
{
    private readonly LlamaForCausalLM _llm;
    private readonly InputProjector? _inputProjector;
    private readonly IReadOnlyDictionary<SignalModality, OutputProjector> _outputProjectors;
    private readonly StageRecipe _recipe;
    private readonly long _padId;
    private readonly List<(List<TokenizedSample> Samples, BatchOrder Order)> _datasets;

    public NextGptStageObjective(LlamaForCausalLM llm, ITextTokenizer tokenizer, InputProjector? inputProjector,
        IReadOnlyDictionary<SignalModality, OutputProjector> outputProjectors, IReadOnlyList<TrainingSample> samples,
        StageRecipe recipe, int batchSize, int seed)
    {
        _llm = llm;
        _inputProjector = inputProjector;
        _outputProjectors = outputProjectors;
        _recipe = recipe;
        _padId = tokenizer.SpecialIds.Pad;
        var tokenized = samples.Select(s => TokenizedSample.From(s, tokenizer)).ToList();
        if (tokenized.Count == 0)
        {
            throw new ArgumentException($"Stage {recipe.Name} has no training samples.", nameof(samples));
        }

        foreach (var sample in tokenized)
        {
            Validate(sample);
        }

        _datasets = tokenized.GroupBy(s => s.Dataset, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.ToList(), new BatchOrder(g.Count(), batchSize, StableSeed.Mix(seed, StableSeed.Of(g.Key)))))
            .ToList();
        TrainableParameters = SelectTrainable();
    }

    public IReadOnlyList<(string Name, Parameter Parameter)> TrainableParameters { get; }

    public TrainingLoss Loss(long step)
    {
        var (samples, order) = _datasets[(int)(step % _datasets.Count)];
        var batch = order.IndicesAt(step / _datasets.Count).Select(i => samples[i]).ToList();
        var device = _llm.Device;
        _llm.train();

        var (ids, labels, mask) = ExampleBatcher.Pad(
            batch.Select(s => new TokenizedExample(s.InputIds, s.Labels)).ToList(), _padId, device);
        var embeds = SpliceMedia(batch, _llm.Model.Embed(ids), device);                  // (B, T, D)
        var output = _llm.forward(new LlamaInput(InputsEmbeds: embeds, AttentionMask: mask));
        var languageLoss = CausalLanguageModelLoss.Compute(output.Logits, labels);
        var parts = new Dictionary<string, double> { ["ce"] = languageLoss.item<float>() };
        var total = languageLoss;

        foreach (var modality in batch.SelectMany(s => s.Signals).Select(s => s.Modality).Distinct().Order())
        {
            var runs = batch.SelectMany((s, row) => s.Signals.Where(r => r.Modality == modality).Select(r => (Row: (long)row, r.Positions, r.Target))).ToList();
            var rows = tensor(runs.Select(r => r.Row).ToArray(), device: device).unsqueeze(1);                  // (K, 1)
            var positions = tensor(runs.SelectMany(r => r.Positions).ToArray(), device: device).reshape(runs.Count, -1); // (K, N_sig)
            var signalHidden = output.HiddenStates.index(TensorIndex.Tensor(rows), TensorIndex.Tensor(positions)); // (K, N_sig, D)
            var signalEmbeds = embeds.index(TensorIndex.Tensor(rows), TensorIndex.Tensor(positions));              // (K, N_sig, D)
            var conditioning = _outputProjectors[modality].forward(signalHidden, signalEmbeds);                     // (K, N_out, D_out)
            var target = tensor(runs.SelectMany(r => r.Target).ToArray(), device: device).reshape(conditioning.shape);
            var alignment = AlignmentLoss.L2(conditioning, target);
            parts[$"l2_{modality.ToString().ToLowerInvariant()}"] = alignment.item<float>();
            total = total + (_recipe.AlignmentWeight(modality) * alignment);
        }

        return new TrainingLoss(total, parts);
    }

    // Puts each input medium's projected token at its placeholder position (legacy prompt_wrap concatenates
    // emb(prefix), proj(x), emb(suffix); writing into the embedded ids gives the same sequence in one batched call).
    private Tensor SpliceMedia(IReadOnlyList<TokenizedSample> batch, Tensor embeds, Device device)
    {
        var media = batch.SelectMany((s, row) => s.Media.Select(m => (Row: (long)row, m.Position, m.Embedding))).ToList();
        if (media.Count == 0)
        {
            return embeds;
        }

        var features = tensor(media.SelectMany(m => m.Embedding).ToArray(), device: device).reshape(media.Count, -1); // (M, 1024)
        var projected = _inputProjector!.forward(features).squeeze(1).to(embeds.dtype);                                 // (M, D)
        var rows = tensor(media.Select(m => m.Row).ToArray(), device: device);
        var columns = tensor(media.Select(m => (long)m.Position).ToArray(), device: device);
        return embeds.clone().index_put_(projected, rows, columns);
    }

    private void Validate(TokenizedSample sample)
    {
        if (sample.Media.Count > 0)
        {
            if (_inputProjector is null)
            {
                throw new ArgumentException($"A {sample.Dataset} sample has input media but the stage has no input projector.");
            }

            if (sample.Media.Select(m => m.Embedding).FirstOrDefault(e => e.Length != _inputProjector.Config.InDim) is { } wrong)
            {
                throw new ArgumentException(
                    $"A {sample.Dataset} media embedding has {wrong.Length} values; the input projector takes {_inputProjector.Config.InDim}.");
            }
        }

        foreach (var (modality, _, target) in sample.Signals)
        {
            if (!_outputProjectors.TryGetValue(modality, out var projector))
            {
                throw new ArgumentException($"A {sample.Dataset} sample asks for {modality} but the stage has no {modality} output projector.");
            }

            var expected = projector.Config.NumOutputTokens * projector.Config.OutDim;
            if (target.Length != expected)
            {
                throw new ArgumentException($"A {sample.Dataset} {modality} target has {target.Length} values; the projector makes {expected}.");
            }
        }
    }

    // Legacy checkpoint names (architecture notes section 7), so a stage's trainable set reads like pytorch_model.pt.
    private List<(string, Parameter)> SelectTrainable()
    {
        var trainable = new List<(string, Parameter)>();
        foreach (var (name, parameter) in _llm.named_parameters())
        {
            var isAdapter = name.Contains(".lora_A.", StringComparison.Ordinal) || name.Contains(".lora_B.", StringComparison.Ordinal);
            var isEmbedding = name is "model.embed_tokens.weight" or "lm_head.weight";
            parameter.requires_grad = (isAdapter && _recipe.TrainsLora) || (isEmbedding && _recipe.TrainsEmbeddings);
            if (parameter.requires_grad)
            {
                trainable.Add((PeftWeights.NextGptPrefix + name, parameter));
            }
        }

        if (_recipe.TrainsLora && !trainable.Any(p => p.Item1.Contains(".lora_A.", StringComparison.Ordinal)))
        {
            throw new ArgumentException($"Stage {_recipe.Name} tunes LoRA, but the LLM was built without adapters.");
        }

        if (_inputProjector is not null)
        {
            Mark(_inputProjector, NextGptCheckpointLayout.InputProjectorModule, _recipe.TrainsInputProjector, trainable);
        }

        foreach (var (modality, projector) in _outputProjectors.OrderBy(p => p.Key))
        {
            Mark(projector, NextGptCheckpointLayout.OutputProjectorModule(modality), _recipe.TrainsOutputProjectors, trainable);
        }

        return trainable;
    }

    private static void Mark(nn.Module module, string prefix, bool trains, List<(string, Parameter)> trainable)
    {
        foreach (var (name, parameter) in module.named_parameters())
        {
            parameter.requires_grad = trains;
            if (trains)
            {
                trainable.Add(($"{prefix}.{name}", parameter));
            }
        }
    }
}
