using NextGpt.Realtime.Modeling.Encoders.ImageBind.Preprocessing;
using NextGpt.Realtime.Modeling.Media;
using NextGpt.Realtime.Modeling.Media.Audio;
using NextGpt.Realtime.Modeling.Runtime;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Encoders.ImageBind.Preprocessing;

/// <summary>
/// Resampling, Kaldi fbank and ImageBind's whole audio transform against torchaudio 0.13 (fixtures from
/// make_preprocessing_fixtures.py): espeak-ng speech at 22.05 kHz, a stereo 44.1 kHz tone pair, a 16 kHz chirp.
/// </summary>
public sealed class ImageBindAudioTransformTests
{
    public ImageBindAudioTransformTests() => TorchRuntime.Initialize();

    [Theory]
    [InlineData(8000)]
    [InlineData(22050)]
    [InlineData(44100)]
    [InlineData(48000)]
    [InlineData(12345)]
    public void Resample_MatchesTorchaudio(int rate)
    {
        using var scope = NewDisposeScope();
        var input = PreprocessingFixtures.Load("audio", $"resample_{rate}.input");

        var output = AudioResampler.Resample(input, rate, 16000);

        Assert.True(PreprocessingFixtures.MaxAbsDifference(PreprocessingFixtures.Load("audio", $"resample_{rate}.output"), output) <= 1e-5);
    }

    [Theory]
    [InlineData("speech")]
    [InlineData("tones_stereo")]
    public void DecodeAndResample_MatchTorchaudio(string name)
    {
        using var scope = NewDisposeScope();
        var audio = AudioResampler.Resample(AudioDecoder.Decode(PreprocessingFixtures.PathOf("audio", name + ".wav")), 16000);

        Assert.True(PreprocessingFixtures.MaxAbsDifference(PreprocessingFixtures.Load("audio", name + ".resampled"), audio.ToTensor()) <= 1e-5);
    }

    [Theory]
    [InlineData("speech")]
    [InlineData("tones_stereo")]
    [InlineData("chirp16k")]
    public void Fbank_MatchesTorchaudioKaldi(string name)
    {
        using var scope = NewDisposeScope();
        var waveform = PreprocessingFixtures.Load("audio", name + ".resampled")[0];
        waveform = waveform.sub(waveform.mean());

        var fbank = KaldiFbank.Compute(waveform);

        AssertRelativelyClose(PreprocessingFixtures.Load("audio", name + ".fbank"), fbank, 1e-3);
    }

    [Theory]
    [InlineData("speech")]         // 3.9 s: the three clips overlap (in-place mean removal carries over)
    [InlineData("tones_stereo")]   // 2.3 s stereo at 44.1 kHz: channel 0 after the two-channel mean
    [InlineData("chirp16k")]       // 1.5 s: shorter than a clip, zero-padded to 204 frames
    public void Apply_MatchesImageBindsAudioTransform(string name)
    {
        using var scope = NewDisposeScope();
        var audio = AudioDecoder.Decode(PreprocessingFixtures.PathOf("audio", name + ".wav"));

        var clips = ImageBindAudioTransform.Apply(audio);

        Assert.Equal([3L, 1, 128, 204], clips.shape);
        AssertRelativelyClose(PreprocessingFixtures.Load("audio", name + ".clips"), clips, 1e-3);
    }

    [Fact]
    public void Sampler_SpacesClipsEvenly()
    {
        var sampler = new ConstantClipsPerVideoSampler(2, 3);

        Assert.Equal([(0L, 32000L), (32000, 64000), (64000, 96000)], sampler.SampleRanges(96000, 16000));
        Assert.Equal([(0L, 32000L), (0, 32000), (0, 32000)], sampler.SampleRanges(20000, 16000));
        // 2.5 s: starts 0, 0.25, 0.5 s.
        Assert.Equal([(0L, 32000L), (4000, 36000), (8000, 40000)], sampler.SampleRanges(40000, 16000));
    }

    [Fact]
    public void TooShortAudio_IsAClearError()
    {
        var audio = PcmAudio.Mono(16000, new float[300]);

        var error = Assert.Throws<MediaFormatException>(() => ImageBindAudioTransform.Apply(audio));
        Assert.Contains("at least 25 ms", error.Message, StringComparison.Ordinal);
    }

    /// <summary>max |expected - actual| / max(|expected|, 1) (log mel energies: relative where large, absolute near 0).</summary>
    private static void AssertRelativelyClose(Tensor expected, Tensor actual, double tolerance)
    {
        Assert.Equal(expected.shape, actual.shape);
        using var scope = NewDisposeScope();
        var e = expected.to_type(ScalarType.Float64);
        var error = e.sub(actual.to_type(ScalarType.Float64)).abs().div(e.abs().clamp_min(1.0)).max().item<double>();
        Assert.True(error <= tolerance, $"relative error {error}");
    }
}
