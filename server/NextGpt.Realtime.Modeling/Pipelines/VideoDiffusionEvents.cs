using NextGpt.Realtime.Modeling.Media.Images;
namespace NextGpt.Realtime.Modeling.Pipelines;

/// <summary>One finished denoising step of a video generation.</summary>
/// <param name="Step">1-based index of the step just finished.</param>
/// <param name="TotalSteps">Model evaluations in the run.</param>
/// <param name="Timestep">The step's timestep.</param>
/// <param name="Elapsed">Time since the run started.</param>
/// <param name="PreviewFrames">On preview steps the predicted clean video of the first prompt (every frame with a
/// latent-to-RGB projection, the middle frame with a VAE decode); otherwise null.</param>
public sealed record VideoDiffusionProgress(int Step, int TotalSteps, double Timestep, TimeSpan Elapsed, IReadOnlyList<RgbImage>? PreviewFrames)
    : DiffusionEvent;

/// <summary>One final frame, delivered as soon as the VAE has decoded it (frames arrive in order).</summary>
/// <param name="Video">Index of the prompt (batch row) the frame belongs to.</param>
/// <param name="Index">0-based frame index.</param>
/// <param name="FrameCount">Frames per video.</param>
public sealed record VideoFrameDecoded(int Video, int Index, int FrameCount, RgbImage Frame, TimeSpan Elapsed) : DiffusionEvent;

/// <summary>The run finished; the frames are the same as the non-streaming call returns.</summary>
public sealed record VideoCompleted(IReadOnlyList<IReadOnlyList<RgbImage>> Videos, TimeSpan Elapsed) : DiffusionEvent;
