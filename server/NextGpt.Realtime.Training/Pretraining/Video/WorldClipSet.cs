using NextGpt.Realtime.Training.Pretraining.Image;
using NextGpt.Realtime.Training.World;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Pretraining.Video;

/// <summary>
/// Training clips of the Emberfall world (world.md: one shape on a background, moving, 8 frames of 64 x 64) with their
/// canonical captions. Kept as bytes until the VAE encodes them frame by frame.
/// </summary>
public sealed class WorldClipSet : IDisposable
{
    private readonly Tensor _frames;

    private WorldClipSet(Tensor frames, IReadOnlyList<string> captions)
    {
        _frames = frames;
        Captions = captions;
    }

    public IReadOnlyList<string> Captions { get; }

    public int Count => Captions.Count;

    public static int Frames => WorldFormat.ClipFrames;

    /// <summary>Renders the training split's clips of seeds 0 to count - 1.</summary>
    public static WorldClipSet Render(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var world = new EmberfallWorld(WorldSplit.Train);
        var size = WorldFormat.ImageSize;
        var frameBytes = size * size * 3;
        var bytes = new byte[(long)count * Frames * frameBytes];
        var captions = new string[count];
        for (var i = 0; i < count; i++)
        {
            var sample = world.Clip(i);
            captions[i] = sample.Caption;
            var clip = ((ClipMedia)sample.Media).Render();
            for (var f = 0; f < Frames; f++)
            {
                clip.Frames[f].Pixels.CopyTo(bytes, ((long)i * Frames + f) * frameBytes);
            }
        }

        return new WorldClipSet(tensor(bytes, [count * Frames, size, size, 3]), captions);
    }

    /// <summary>(N F, 3, 64, 64) frames in [-1, 1], clip-major: the VAE's input, one frame per row.</summary>
    public Tensor AllFrames() => WorldImageSet.ToModelRange(_frames);

    public void Dispose() => _frames.Dispose();
}
