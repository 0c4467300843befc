using NextGpt.Realtime.Modeling.Media.Images;
using NextGpt.Realtime.Training.World;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Pretraining.Image;

/// <summary>
/// Training images of the Emberfall world (world.md: one or two flat-coloured shapes on a plain background, 64 x 64) with
/// their canonical captions, the text NExT-GPT's stage 2 aligns the image projector to. Kept as bytes; batches come out
/// in the VAE's [-1, 1] range.
/// </summary>
public sealed class WorldImageSet : IDisposable
{
    private readonly Tensor _pixels;

    private WorldImageSet(Tensor pixels, IReadOnlyList<string> captions)
    {
        _pixels = pixels;
        Captions = captions;
    }

    /// <summary>Canonical caption of each image, by index.</summary>
    public IReadOnlyList<string> Captions { get; }

    public int Count => Captions.Count;

    /// <summary>Renders the training split's images of seeds 0 to count - 1.</summary>
    public static WorldImageSet Render(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var world = new EmberfallWorld(WorldSplit.Train);
        var captions = new string[count];
        var size = WorldFormat.ImageSize;
        var bytes = new byte[(long)count * size * size * 3];
        for (var i = 0; i < count; i++)
        {
            var sample = world.Image(i);
            captions[i] = sample.Caption;
            var image = ((ImageMedia)sample.Media).Render();
            image.Pixels.CopyTo(bytes, (long)i * image.Pixels.Length);
        }

        return new WorldImageSet(tensor(bytes, [count, size, size, 3]), captions);
    }

    /// <summary>(B, 3, 64, 64) images in [-1, 1].</summary>
    public Tensor Batch(Tensor indices) => ToModelRange(_pixels.index_select(0, indices));

    /// <summary>(B, H, W, 3) bytes to (B, 3, H, W) floats in [-1, 1], the range Stable Diffusion's VAE reads.</summary>
    public static Tensor ToModelRange(Tensor bytesHwc) =>
        (bytesHwc.permute(0, 3, 1, 2).to_type(ScalarType.Float32) / 127.5f) - 1f;

    /// <summary>(3, H, W) floats in [-1, 1] of one image.</summary>
    public static Tensor ToModelRange(RgbImage image) =>
        ToModelRange(tensor(image.Pixels, [1, image.Height, image.Width, 3]))[0];

    public void Dispose() => _pixels.Dispose();
}
