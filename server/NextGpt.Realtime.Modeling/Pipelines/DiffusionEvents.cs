using NextGpt.Realtime.Modeling.Media.Images;
namespace NextGpt.Realtime.Modeling.Pipelines;

/// <summary>What a streaming generation reports: progress (with an occasional preview), then completion.</summary>
public abstract record DiffusionEvent;

/// <summary>One finished denoising step.</summary>
/// <param name="Step">1-based index of the step just finished.</param>
/// <param name="TotalSteps">Model evaluations in the run (PNDM with skip_prk_steps makes one more than requested).</param>
/// <param name="Timestep">The step's timestep.</param>
/// <param name="Elapsed">Time since the run started.</param>
/// <param name="Preview">The predicted clean result so far, on preview steps; otherwise null.</param>
public sealed record DiffusionProgress(int Step, int TotalSteps, double Timestep, TimeSpan Elapsed, RgbImage? Preview) : DiffusionEvent;

/// <summary>The run finished; the images are the same as the non-streaming call returns.</summary>
public sealed record DiffusionCompleted(IReadOnlyList<RgbImage> Images, TimeSpan Elapsed) : DiffusionEvent;

/// <summary>How previews are made.</summary>
public enum PreviewMode
{
    /// <summary>No previews.</summary>
    None,

    /// <summary>The pipeline's latent-to-RGB projection if it has one, else a VAE decode.</summary>
    Auto,

    /// <summary>A linear map of the predicted latent to RGB (latent resolution; microseconds).</summary>
    LatentRgb,

    /// <summary>A full VAE decode of the predicted latent (full resolution; as costly as the final decode).</summary>
    Vae,
}
