namespace NextGpt.Realtime.Training.Pretraining;

/// <summary>
/// Trains one of the components NExT-GPT takes off the shelf (paper section 3: ImageBind, the diffusion decoders with their
/// text encoders and VAEs, the LLM) at the preset's size on the Emberfall world, and writes the finished component
/// folders into the model folder. <c>nextgpt train --stage NAME</c> finds stages by <see cref="Name"/>.
/// </summary>
public interface IPretrainingStage
{
    /// <summary>The stage's name on the command line, for example <c>pretrain-image</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Trains, resuming from the checkpoints under <see cref="PretrainingContext.WorkDirectory"/>, and writes the result
    /// under <see cref="PretrainingContext.ModelDirectory"/>. Returns early (checkpointed, nothing written) when cancelled.
    /// </summary>
    PretrainingResult Run(PretrainingContext context);
}
