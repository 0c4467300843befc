using NextGpt.Realtime.Modeling.LanguageModel;
using NextGpt.Realtime.Training.Losses;
using NextGpt.Realtime.Training.Loop;
using TorchSharp.Modules;

namespace NextGpt.Realtime.Training.Objectives;

/// <summary>
/// Language-model pretraining of the small LLM (issue 6's <c>pretrain-llm</c>, standing in for Vicuna's own training):
/// every parameter trains on next-token cross-entropy over the dialogue corpus.
/// </summary>
public sealed class LanguageModelObjective : ITrainingObjective
{
    private readonly LlamaForCausalLM _model;
    private readonly ExampleBatcher _batches;

    public LanguageModelObjective(LlamaForCausalLM model, ExampleBatcher batches)
    {
        _model = model;
        _batches = batches;
        TrainableParameters = model.named_parameters().Select(p => (p.name, p.parameter)).ToList();
        foreach (var (_, parameter) in TrainableParameters)
        {
            parameter.requires_grad = true;
        }
    }

    public IReadOnlyList<(string Name, Parameter Parameter)> TrainableParameters { get; }

    public TrainingLoss Loss(long step)
    {
        _model.train();
        var (ids, labels, mask) = _batches.TensorsAt(step, _model.Device);
        var output = _model.forward(new LlamaInput(InputIds: ids, AttentionMask: mask));
        var loss = CausalLanguageModelLoss.Compute(output.Logits, labels);
        return new TrainingLoss(loss, new Dictionary<string, double>());
    }
}
