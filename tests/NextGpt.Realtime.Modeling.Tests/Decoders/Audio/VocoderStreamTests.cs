using NextGpt.Realtime.Modeling.Decoders.Audio.Vocoder;
using NextGpt.Realtime.Modeling.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Decoders.Audio;

/// <summary>
/// Chunked vocoding (what the server streams) against one whole-sequence pass of the same vocoder: the concatenated
/// pieces must equal it within 1e-4 whatever the chunking.
/// </summary>
public sealed class VocoderStreamTests
{
    private const double Tolerance = 1e-4;
    private const int Frames = 100;

    public VocoderStreamTests() => TorchRuntime.Initialize();

    [Theory]
    [InlineData(5)]
    [InlineData(16)]
    [InlineData(64)]
    public void Chunks_ConcatenateToTheWholeSequenceWaveform(int chunkFrames)
    {
        using var scope = NewDisposeScope();
        using var vocoder = SpeechT5HifiGan.FromPretrained(Fixtures.PathOf("vocoder", "model"));
        var spectrogram = Spectrogram(batch: 2);

        using var noGrad = no_grad();
        var whole = vocoder.forward(spectrogram);
        var pieces = VocoderStream.Chunks(vocoder, spectrogram, chunkFrames).ToList();

        Assert.True(pieces.Count >= (chunkFrames < 64 ? 4 : 2), $"only {pieces.Count} pieces");
        AssertClose(whole, cat(pieces, 1));
    }

    [Fact]
    public void ContextFrames_CoverWhatAFrameInfluencesAndLittleMore()
    {
        using var scope = NewDisposeScope();
        using var vocoder = SpeechT5HifiGan.FromPretrained(Fixtures.PathOf("vocoder", "model"));
        var spectrogram = Spectrogram(batch: 1);
        var nudged = spectrogram.clone();
        nudged[0, 50] += 1.0;

        using var noGrad = no_grad();
        var changed = (vocoder.forward(nudged) - vocoder.forward(spectrogram))[0].abs().gt(0).nonzero();
        var hop = vocoder.Config.HopLength;
        var framesBefore = (50.0 * hop - changed.min().ToInt64()) / hop;
        var framesAfter = (changed.max().ToInt64() + 1 - (51.0 * hop)) / hop;

        // Frame 50 owns samples [50 * hop, 51 * hop); nothing outside the context may change, and the bound must not be
        // loose (measured: about 18.6 frames either side against a bound of 23).
        Assert.InRange(framesBefore, vocoder.ContextFrames - 5, vocoder.ContextFrames);
        Assert.InRange(framesAfter, vocoder.ContextFrames - 5, vocoder.ContextFrames);
    }

    [Fact]
    public void IrregularPushes_OfAnUnbatchedSpectrogram_GiveTheWholeSequenceWaveform()
    {
        using var scope = NewDisposeScope();
        using var vocoder = SpeechT5HifiGan.FromPretrained(Fixtures.PathOf("vocoder", "model"));
        var spectrogram = Spectrogram(batch: 1)[0];                                            // (frames, bins)

        using var noGrad = no_grad();
        var whole = vocoder.forward(spectrogram);
        using var stream = new VocoderStream(vocoder, chunkFrames: 5);
        var pieces = new List<Tensor>();
        var start = 0;
        foreach (var size in new[] { 3, 40, 1, 1, 22, 9, 24 })
        {
            pieces.Add(stream.Push(spectrogram.narrow(0, start, size)));
            start += size;
        }

        pieces.Add(stream.Complete());

        Assert.Equal(Frames, start);
        Assert.Equal(0, pieces[0].shape[0]);                 // 3 frames are not enough to finalise any sample
        Assert.All(pieces, piece => Assert.Equal(1, piece.dim()));
        AssertClose(whole, cat(pieces, 0));
    }

    [Fact]
    public void AfterComplete_TheStreamRefusesMoreFrames()
    {
        using var scope = NewDisposeScope();
        using var vocoder = SpeechT5HifiGan.FromPretrained(Fixtures.PathOf("vocoder", "model"));
        using var stream = new VocoderStream(vocoder);
        stream.Push(zeros(1, 4, 64));
        stream.Complete();

        Assert.Throws<ObjectDisposedException>(() => stream.Push(zeros(1, 4, 64)));
    }

    [Fact]
    public void ChangingTheBatchLayout_IsRefused()
    {
        using var scope = NewDisposeScope();
        using var vocoder = SpeechT5HifiGan.FromPretrained(Fixtures.PathOf("vocoder", "model"));
        using var stream = new VocoderStream(vocoder);
        stream.Push(zeros(2, 4, 64));

        Assert.Throws<ArgumentException>(() => stream.Push(zeros(3, 4, 64)));
    }

    // A smooth log-mel-like input: chunk-boundary errors show up as clear discontinuities.
    private static Tensor Spectrogram(int batch)
    {
        using var generator = new Generator(7);
        var noise = randn([batch, Frames, 64], generator: generator);
        var time = linspace(0, 6, Frames).view(1, Frames, 1);
        return (noise * 0.5) + (time.sin() * 2.0) - 4.0;
    }

    private static void AssertClose(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        var difference = (expected.to_type(ScalarType.Float64) - actual.to_type(ScalarType.Float64)).abs().max().ToDouble();
        Assert.True(difference < Tolerance, $"max |expected - actual| = {difference}");
    }
}
