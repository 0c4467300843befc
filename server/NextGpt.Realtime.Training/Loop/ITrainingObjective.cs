using TorchSharp.Modules;

namespace NextGpt.Realtime.Training.Loop;

/// <summary>
/// What one training stage optimises: its trainable parameters and the loss of the batch for a step. Batches are a pure
/// function of the step (and the objective's seed), so a run resumed from a checkpoint sees exactly the data it would
/// have seen without the interruption.
/// </summary>
public interface ITrainingObjective
{
    /// <summary>The parameters this stage trains, under the names their checkpoint stores them by.</summary>
    IReadOnlyList<(string Name, Parameter Parameter)> TrainableParameters { get; }

    /// <summary>The scalar loss of the batch for zero-based <paramref name="step"/>, ready for backward.</summary>
    TrainingLoss Loss(long step);
}
