using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Decoders.Audio.Vocoder;
using NextGpt.Realtime.Modeling.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Decoders.Audio;

/// <summary>
/// The C# HiFi-GAN vocoder against tools/reference/make_text_encoder_fixtures.py (transformers' SpeechT5HifiGan restated
/// in PyTorch; tiny channels, AudioLDM's upsampling layout), and AudioLDM's real configuration on the meta device.
/// </summary>
public sealed class SpeechT5HifiGanTests
{
    private const double Tolerance = 1e-4;
    private static readonly string ModelFolder = Fixtures.PathOf("vocoder", "model");

    public SpeechT5HifiGanTests() => TorchRuntime.Initialize();

    [Fact]
    public void Forward_MatchesTheReferenceWaveform()
    {
        using var scope = NewDisposeScope();
        using var vocoder = SpeechT5HifiGan.FromPretrained(ModelFolder);
        var spectrogram = SafeTensorsFile.Load(Fixtures.PathOf("vocoder", "inputs.safetensors"))["spectrogram"];
        var expected = SafeTensorsFile.Load(Fixtures.PathOf("vocoder", "expected.safetensors"));

        using var noGrad = no_grad();
        var waveform = vocoder.forward(spectrogram);

        // 24 frames: 160 samples each plus the 32 the transposed convolutions add at the end.
        Assert.Equal([2L, (24 * 160) + 32], waveform.shape);
        Assert.Equal(waveform.shape[1], vocoder.OutputLength(24));
        AssertClose(expected["waveform"], waveform);
    }

    [Fact]
    public void UnbatchedSpectrogram_GivesAOneDimensionalWaveform()
    {
        using var scope = NewDisposeScope();
        using var vocoder = SpeechT5HifiGan.FromPretrained(ModelFolder);
        var spectrogram = SafeTensorsFile.Load(Fixtures.PathOf("vocoder", "inputs.safetensors"))["spectrogram"];
        var expected = SafeTensorsFile.Load(Fixtures.PathOf("vocoder", "expected.safetensors"));

        using var noGrad = no_grad();
        var waveform = vocoder.forward(spectrogram[1]);

        AssertClose(expected["unbatched_waveform"], waveform);
    }

    [Fact]
    public void WrongNumberOfMelBins_IsRefused()
    {
        using var scope = NewDisposeScope();
        using var vocoder = SpeechT5HifiGan.FromPretrained(ModelFolder);

        var error = Assert.Throws<ArgumentException>(() => vocoder.forward(zeros(1, 10, 80)));

        Assert.Contains("(batch, frames, 64)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AudioLdmVocoder_HasTransformersKeysAndShapes()
    {
        using var vocoder = new SpeechT5HifiGan(SpeechT5HifiGanConfig.AudioLdm, META);
        var state = vocoder.state_dict();

        // conv_pre 2, 5 upsamplers x 2, 15 residual blocks x 6 convolutions x 2, conv_post 2, mean, scale.
        Assert.Equal(2 + 10 + (15 * 12) + 2 + 2, state.Count);
        Assert.Equal([1024L, 64, 7], state["conv_pre.weight"].shape);
        Assert.Equal([1024L, 512, 16], state["upsampler.0.weight"].shape);
        Assert.Equal([512L], state["upsampler.0.bias"].shape);
        Assert.Equal([64L, 32, 4], state["upsampler.4.weight"].shape);
        Assert.Equal([512L, 512, 3], state["resblocks.0.convs1.0.weight"].shape);
        Assert.Equal([512L, 512, 11], state["resblocks.2.convs2.2.weight"].shape);
        Assert.Equal([32L, 32, 7], state["resblocks.13.convs1.1.weight"].shape);
        Assert.Equal([1L, 32, 7], state["conv_post.weight"].shape);
        Assert.Equal([64L], state["mean"].shape);
        Assert.Equal([64L], state["scale"].shape);
        Assert.All(state.Values, tensor => Assert.Equal(DeviceType.META, tensor.device_type));
        Assert.Equal(55_264_897L + 128, state.Values.Sum(t => t.numel()));
        Assert.Equal(160, vocoder.Config.HopLength);
        Assert.Equal(23, vocoder.ContextFrames);
    }

    [Fact]
    public void MissingMeanAndScale_AreAcceptedOnlyWithoutNormalizeBefore()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"vocoder-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            using (var scope = NewDisposeScope())
            {
                var weights = SafeTensorsFile.Load(Path.Combine(ModelFolder, "model.safetensors"));
                weights.Remove("mean");
                weights.Remove("scale");
                SafeTensorsFile.Save(Path.Combine(folder, "model.safetensors"), weights);
            }

            File.Copy(Path.Combine(ModelFolder, "config.json"), Path.Combine(folder, "config.json"));
            var error = Assert.Throws<InvalidDataException>(() => SpeechT5HifiGan.FromPretrained(folder).Dispose());
            Assert.Contains("mean", error.Message, StringComparison.Ordinal);

            File.WriteAllText(Path.Combine(folder, "config.json"),
                File.ReadAllText(Path.Combine(ModelFolder, "config.json")).Replace("\"normalize_before\": true", "\"normalize_before\": false",
                    StringComparison.Ordinal));
            using var vocoder = SpeechT5HifiGan.FromPretrained(folder);
            Assert.False(vocoder.Config.NormalizeBefore);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void AssertClose(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        var difference = (expected.to_type(ScalarType.Float64) - actual.to_type(ScalarType.Float64)).abs().max().ToDouble();
        Assert.True(difference < Tolerance, $"max |expected - actual| = {difference}");
    }
}
