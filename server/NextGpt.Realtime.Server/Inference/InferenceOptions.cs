namespace NextGpt.Realtime.Server.Inference;

/// <summary>Limits of the inference worker and of what a turn may ask for (configuration section <c>Inference</c>).</summary>
public sealed class InferenceOptions
{
    public const string Section = "Inference";

    /// <summary>Turns waiting for the model at most; one more is answered Busy at once, with a retry hint.</summary>
    public int QueueCapacity { get; set; } = 32;

    /// <summary>Replies decoded together in one LLM step (BatchedDecoder rows).</summary>
    public int MaxBatchSize { get; set; } = 16;

    /// <summary>Turns in progress at most (decoding, or waiting for their media); more wait in the queue.</summary>
    public int MaxActiveTurns { get; set; } = 32;

    /// <summary>Undelivered events a turn may have for a slow client before it fails as too slow (previews excepted:
    /// they are latest-wins).</summary>
    public int EventBuffer { get; set; } = 1024;

    /// <summary>The Busy answer's retry hint.</summary>
    public int BusyRetryAfterMilliseconds { get; set; } = 1000;

    /// <summary>On shutdown, how long running turns may take to finish before they are cancelled.</summary>
    public double ShutdownGraceSeconds { get; set; } = 5;

    /// <summary>Most characters of player text in one turn.</summary>
    public int MaxTextLength { get; set; } = 2000;

    /// <summary>Most new tokens a session may ask for.</summary>
    public int MaxNewTokens { get; set; } = 256;

    /// <summary>Largest image side a session may ask for.</summary>
    public int MaxImageSize { get; set; } = 512;

    /// <summary>Most denoising steps a session may ask for.</summary>
    public int MaxDiffusionSteps { get; set; } = 50;

    /// <summary>Most frames of a generated clip a session may ask for.</summary>
    public int MaxVideoFrames { get; set; } = 48;

    /// <summary>Earlier exchanges the prompt re-reads at most (the oldest are left out).</summary>
    public int MaxHistoryTurns { get; set; } = 8;
}
