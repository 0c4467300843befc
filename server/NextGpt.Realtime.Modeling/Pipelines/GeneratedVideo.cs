using static TorchSharp.torch;
using NextGpt.Realtime.Modeling.Media.Images;

namespace NextGpt.Realtime.Modeling.Pipelines;

/// <summary>The result of a video generation: 8-bit frames plus the tensors they came from (owned; dispose).</summary>
public sealed class GeneratedVideo : IDisposable
{
    internal GeneratedVideo(IReadOnlyList<IReadOnlyList<RgbImage>> videos, Tensor pixels, Tensor latents)
    {
        Videos = videos;
        Pixels = pixels;
        Latents = latents;
    }

    /// <summary>Per batch row, its frames in order (quantised as diffusers' tensor2vid does: truncated).</summary>
    public IReadOnlyList<IReadOnlyList<RgbImage>> Videos { get; }

    /// <summary>(B, 3, F, H, W) float32 on the CPU in [0, 1].</summary>
    public Tensor Pixels { get; }

    /// <summary>(B, C, F, H / f, W / f) final latents, scaled as the UNet sees them.</summary>
    public Tensor Latents { get; }

    public void Dispose()
    {
        Pixels.Dispose();
        Latents.Dispose();
    }
}
