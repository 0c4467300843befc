using NextGpt.Realtime.Training.World;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Pretraining.Audio;

/// <summary>
/// World sounds (world.md: mono, 16 kHz, 2.0 s) rendered once for the audio decoder's sub-runs: waveforms, their AudioLDM
/// log-mels, canonical captions (what stage 2 encodes) and paraphrases (so the text tower also knows other wordings).
/// </summary>
public sealed class SoundCorpus : IDisposable
{
    private SoundCorpus(IReadOnlyList<CaptionedMedia> media, Tensor waveforms, Tensor mels)
    {
        Media = media;
        Waveforms = waveforms;
        Mels = mels;
    }

    public IReadOnlyList<CaptionedMedia> Media { get; }

    /// <summary>(N, 32000) waveforms in [-1, 1].</summary>
    public Tensor Waveforms { get; }

    /// <summary>(N, 200, 64) natural-log mel magnitudes.</summary>
    public Tensor Mels { get; }

    public int Count => Media.Count;

    /// <summary>Renders sounds 0..count-1 of the split.</summary>
    public static SoundCorpus Render(WorldSplit split, int count, AudioLdmMelSpectrogram mel)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var world = new EmberfallWorld(split);
        var media = Enumerable.Range(0, count).Select(seed => world.Sound(seed)).ToList();
        var samples = media.Select(m => ((SoundMedia)m.Media).Render()).ToList();
        var length = samples[0].Length;
        if (samples.Any(s => s.Length != length))
        {
            throw new InvalidDataException("World sounds must all have the same length (world.md: 2.0 s at 16 kHz).");
        }

        using var scope = NewDisposeScope();
        var waveforms = tensor(samples.SelectMany(s => s).ToArray(), [count, length]);        // (N, S)
        using var noGrad = no_grad();
        var mels = cat(Enumerable.Range(0, (count + 63) / 64)
            .Select(chunk => mel.Compute(waveforms.narrow(0, chunk * 64, Math.Min(64, count - (chunk * 64)))))
            .ToList(), 0);                                                                       // (N, T, 64)
        return new SoundCorpus(media, waveforms.DetachFromDisposeScope(), mels.DetachFromDisposeScope());
    }

    public void Dispose()
    {
        Waveforms.Dispose();
        Mels.Dispose();
    }
}
