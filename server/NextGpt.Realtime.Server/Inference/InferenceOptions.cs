namespace NextGpt.Realtime.Server.Inference;

/// <summary>Limits of the inference worker (configuration section <c>Inference</c>).</summary>
public sealed class InferenceOptions
{
    public const string Section = "Inference";

    /// <summary>Turns waiting for the model at most; one more is answered Busy at once.</summary>
    public int QueueCapacity { get; set; } = 16;

    /// <summary>Events a turn may have buffered for a slow client before previews are dropped and other events fail the turn.</summary>
    public int EventBuffer { get; set; } = 1024;

    /// <summary>Most characters of player text in one turn.</summary>
    public int MaxTextLength { get; set; } = 2000;

    /// <summary>Most new tokens a session may ask for.</summary>
    public int MaxNewTokens { get; set; } = 256;

    /// <summary>Largest image side a session may ask for.</summary>
    public int MaxImageSize { get; set; } = 512;

    /// <summary>Most denoising steps a session may ask for.</summary>
    public int MaxDiffusionSteps { get; set; } = 50;
}
