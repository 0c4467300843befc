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
/// NExT-GPT stage 2, decoding-side instruction-following alignment (paper section 4.2; architecture notes sections 4 and
/// 6.1): the LLM reads a caption and learns to answer with it plus the medium's signal tokens; the output projector maps
/// those tokens' last-layer hidden states (plus their input embeddings) onto the decoder text encoder's embedding of the
/// caption. Loss = cross-entropy + weight x l2. Trains the output projectors and, as the legacy code does (section 3,
/// "trainable embeddings"), the LLM's embed_tokens and lm_head; everything else in the LLM stays frozen. Each batch holds
/// one medium, cycling image, video, audio (legacy <c>DistributedMultiDatasetBatchSampler</c>).
/// </summary>
public sealed class DecoderAlignmentObjective : ITrainingObjective
{
    private readonly LlamaForCausalLM _llm;
    private readonly ITextTokenizer _tokenizer;
    private readonly IReadOnlyDictionary<SignalModality, OutputProjector> _projectors;
    private readonly IReadOnlyDictionary<SignalModality, double> _alignmentWeights;
    private readonly List<(SignalModality Modality, List<CaptionAlignmentExample> Examples, BatchOrder Order)> _media;

    /// <param name="alignmentWeights">l2 weight per medium; absent ones weigh 1 (the paper's stage-2 setting).</param>
    public DecoderAlignmentObjective(LlamaForCausalLM llm, ITextTokenizer tokenizer,
        IReadOnlyDictionary<SignalModality, OutputProjector> projectors, IReadOnlyList<CaptionAlignmentExample> examples,
        int batchSize, int seed, IReadOnlyDictionary<SignalModality, double>? alignmentWeights = null)
    {
        _llm = llm;
        _tokenizer = tokenizer;
        _projectors = projectors;
        _alignmentWeights = alignmentWeights ?? new Dictionary<SignalModality, double>();
        _media = examples.GroupBy(e => e.Modality)
            .OrderBy(g => g.Key)
            .Select(g => (g.Key, g.ToList(), new BatchOrder(g.Count(), batchSize, HashCode.Combine(seed, g.Key))))
            .ToList();
        if (_media.Count == 0)
        {
            throw new ArgumentException("Stage 2 needs at least one caption.", nameof(examples));
        }

        foreach (var (modality, list, _) in _media)
        {
            if (!projectors.TryGetValue(modality, out var projector))
            {
                throw new ArgumentException($"There are {modality} captions but no {modality} output projector.", nameof(projectors));
            }

            var expected = projector.Config.NumOutputTokens * projector.Config.OutDim;
            if (list.FirstOrDefault(e => e.Target.Length != expected) is { } wrong)
            {
                throw new ArgumentException(
                    $"The {modality} target of \"{wrong.Caption}\" has {wrong.Target.Length} values; the projector makes {expected}.", nameof(examples));
            }
        }

        TrainableParameters = SelectTrainable();
    }

    public IReadOnlyList<(string Name, Parameter Parameter)> TrainableParameters { get; }

    public TrainingLoss Loss(long step)
    {
        var (modality, examples, order) = _media[(int)(step % _media.Count)];
        var batch = order.IndicesAt(step / _media.Count).Select(i => examples[i]).ToList();
        var projector = _projectors[modality];
        var device = _llm.Device;

        var tokenized = batch.Select(e => LegacyTrainingText.CaptionToSignals(_tokenizer, e.Caption, modality)).ToList();
        var (ids, labels, mask) = ExampleBatcher.Pad(tokenized, _tokenizer.SpecialIds.Pad, device);
        var output = _llm.forward(new LlamaInput(InputIds: ids, AttentionMask: mask));
        var languageLoss = CausalLanguageModelLoss.Compute(output.Logits, labels);

        var positions = SignalPositions(tokenized, modality, device);                    // (B, N_sig)
        var signalIds = ids.gather(1, positions);                                          // (B, N_sig)
        var index = positions.unsqueeze(-1).expand(-1, -1, output.HiddenStates.shape[2]);  // (B, N_sig, D)
        var signalHidden = output.HiddenStates.gather(1, index);                           // (B, N_sig, D)
        var conditioning = projector.forward(signalHidden, _llm.Model.Embed(signalIds));   // (B, N_out, D_out)
        var target = tensor(batch.SelectMany(e => e.Target).ToArray(), device: device)
            .reshape(conditioning.shape);                                                  // (B, N_out, D_out)
        var alignment = AlignmentLoss.L2(conditioning, target);

        var weight = _alignmentWeights.GetValueOrDefault(modality, 1.0);
        var total = languageLoss + (weight * alignment);
        return new TrainingLoss(total, new Dictionary<string, double>
        {
            ["ce"] = languageLoss.item<float>(),
            [$"l2_{modality.ToString().ToLowerInvariant()}"] = alignment.item<float>(),
        });
    }

    // The positions of the medium's signal tokens in each sequence, in order; every sequence carries all of them.
    private Tensor SignalPositions(IReadOnlyList<TokenizedExample> batch, SignalModality modality, Device device)
    {
        var signalIds = _tokenizer.Signals.For(modality).Select(id => (long)id).ToArray();
        var rows = batch.Select(example =>
        {
            var found = signalIds.Select(id => Array.IndexOf(example.InputIds, id)).ToArray();
            if (found.Any(p => p < 0))
            {
                throw new InvalidOperationException(
                    $"The tokenizer did not keep the {modality} signal tokens whole; stage 2 needs each as one id.");
            }

            return found.Select(p => (long)p);
        });
        return tensor(rows.SelectMany(r => r).ToArray(), [batch.Count, signalIds.Length], device: device);
    }

    private List<(string, Parameter)> SelectTrainable()
    {
        foreach (var (_, parameter) in _llm.named_parameters())
        {
            parameter.requires_grad = false;
        }

        var trainable = new List<(string, Parameter)>();
        foreach (var (name, parameter) in _llm.named_parameters().Where(p => p.name is "model.embed_tokens.weight" or "lm_head.weight"))
        {
            parameter.requires_grad = true;
            trainable.Add(($"llama_model.{name}", parameter));
        }

        foreach (var (modality, projector) in _projectors.OrderBy(p => p.Key))
        {
            foreach (var (name, parameter) in projector.named_parameters())
            {
                parameter.requires_grad = true;
                trainable.Add(($"{LegacyProjectorPrefix(modality)}.{name}", parameter));
            }
        }

        return trainable;
    }

    // The legacy checkpoint's module names (architecture notes section 7).
    private static string LegacyProjectorPrefix(SignalModality modality) => modality switch
    {
        SignalModality.Image => "gen_text_hidden_fcs.0",
        SignalModality.Video => "gen_text_hidden_fcs_video.0",
        SignalModality.Audio => "gen_text_hidden_fcs_audio.0",
        _ => throw new ArgumentOutOfRangeException(nameof(modality), modality, "Unknown signal modality."),
    };
}
