namespace NextGpt.Realtime.Modeling.Pipelines;

/// <summary>
/// Parameters of one video generation. Defaults are NExT-GPT's demo settings for Zeroscope v2 576w (architecture notes
/// section 5.2: guidance 7.5, 50 steps, 320 x 576, 24 frames, saved at 8 fps).
/// </summary>
public sealed record VideoGenerationOptions
{
    public int NumInferenceSteps { get; init; } = 50;

    /// <summary>Classifier-free guidance weight w; guidance is used when w &gt; 1 (diffusers' rule).</summary>
    public double GuidanceScale { get; init; } = 7.5;

    public int Height { get; init; } = 320;

    public int Width { get; init; } = 576;

    public int NumFrames { get; init; } = 24;

    /// <summary>Seed of the CPU generator that draws the initial latents (same latents as PyTorch for the same seed).</summary>
    public long Seed { get; init; }

    /// <summary>A preview every this many steps (0: none).</summary>
    public int PreviewEvery { get; init; } = 5;

    /// <summary>LatentRgb previews every frame at latent resolution; Vae decodes the middle frame only (one frame's
    /// decode per preview); Auto picks LatentRgb when the pipeline has a projection.</summary>
    public PreviewMode Preview { get; init; } = PreviewMode.Auto;

    /// <summary>Throws with the offending field when the options cannot produce a video with a VAE of this factor.</summary>
    public void Validate(int vaeFactor)
    {
        if (NumInferenceSteps <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(NumInferenceSteps), NumInferenceSteps, "Give at least one inference step.");
        }

        if (NumFrames <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(NumFrames), NumFrames, "Give at least one frame.");
        }

        if (Height <= 0 || Width <= 0 || Height % vaeFactor != 0 || Width % vaeFactor != 0)
        {
            throw new ArgumentException($"Height and width must be positive multiples of the VAE factor {vaeFactor}; got {Height} x {Width}.");
        }

        if (PreviewEvery < 0 || Seed < 0)
        {
            throw new ArgumentException("PreviewEvery and Seed may not be negative.");
        }
    }
}
