using NextGpt.Realtime.Modeling.Sampling;

namespace NextGpt.Realtime.Modeling.Turns;

/// <summary>
/// How a turn generates. Defaults follow NExT-GPT's inference settings (architecture notes section 5.2): guidance 7.5;
/// fewer diffusion steps than the paper's 50 because this is a realtime product (the caller can raise them).
/// </summary>
public sealed record TurnSettings
{
    public int MaxNewTokens { get; init; } = 150;

    public SamplingOptions Sampling { get; init; } = new();

    public int ImageSize { get; init; } = 512;

    public int DiffusionSteps { get; init; } = 25;

    public double GuidanceScale { get; init; } = 7.5;

    public double AudioSeconds { get; init; } = 5.0;

    /// <summary>Frames per generated clip (Zeroscope makes 24; fewer keep a turn realtime). Clips are square, <see cref="ImageSize"/> wide.</summary>
    public int VideoFrames { get; init; } = 16;

    /// <summary>A preview image every so many denoising steps.</summary>
    public int PreviewEvery { get; init; } = 5;

    public long Seed { get; init; }
}
