using NextGpt.Realtime.Modeling.Decoders.Audio.Vocoder;
using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Modeling.Pipelines;
using NextGpt.Realtime.Modeling.Runtime;
using NextGpt.Realtime.Modeling.Schedulers;
using TorchSharp;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Pipelines;

/// <summary>The audio pipeline delivering its waveform in pieces (HiFi-GAN through VocoderStream): same audio as one pass.</summary>
public sealed class AudioPipelineChunkTests
{
    public AudioPipelineChunkTests() => TorchRuntime.Initialize();

    [Fact]
    public void ChunkedAudio_ArrivesInOrderAndEqualsTheWholePass()
    {
        using var scope = NewDisposeScope();
        using var unet = UNet2DConditionModel.FromPretrained(Fixtures.PathOf("diffusion", "unet-audioldm-tiny", "model"));
        using var vae = new AutoencoderKL(new AutoencoderKLConfig
        {
            InChannels = 1, OutChannels = 1, LatentChannels = 8, BlockOutChannels = [8, 8], NormNumGroups = 4,
            DownBlockTypes = [AutoencoderKLConfig.DownEncoderBlock2D, AutoencoderKLConfig.DownEncoderBlock2D],
            UpBlockTypes = [AutoencoderKLConfig.UpDecoderBlock2D, AutoencoderKLConfig.UpDecoderBlock2D],
        });
        vae.eval();
        // Random small HiFi-GAN with 16 mel bins and hop 16: 0.2 s is 200 mel frames, pushed 32 at a time.
        using var hifiGan = new SpeechT5HifiGan(new SpeechT5HifiGanConfig
        {
            ModelInDim = 16, UpsampleInitialChannel = 16, UpsampleRates = [4, 4], UpsampleKernelSizes = [8, 8],
        });
        hifiGan.eval();
        var pipeline = new AudioDiffusionPipeline(unet, vae, SchedulerConfig.AudioLdmL, MelVocoder.FromHifiGan(hifiGan));
        var options = new AudioGenerationOptions { AudioLengthSeconds = 0.2, NumInferenceSteps = 3, GuidanceScale = 3.0, Seed = 5 };
        var labels = DiffusionNoise.Randn([1, 12], 1);
        var negative = DiffusionNoise.Randn([1, 12], 2);
        var chunks = new List<AudioChunk>();

        using var whole = pipeline.Generate(labels, negative, options);
        using var chunked = pipeline.Generate(labels, negative, options, audioChunks: new ChunkCollector(chunks));

        Assert.True(chunks.Count >= 3, $"{chunks.Count} chunks");
        Assert.Equal(chunks.Select(c => c.SampleOffset), chunks.Select((c, i) => chunks.Take(i).Sum(p => (long)p.Samples[0].Length)));
        var joined = chunks.SelectMany(c => c.Samples[0]).ToArray();
        Assert.Equal(whole.Waveforms.shape[1], joined.Length);
        Assert.Equal(chunked.Waveforms[0].data<float>().ToArray(), joined);
        var difference = (whole.Waveforms - chunked.Waveforms).abs().max().ToDouble();
        Assert.True(difference < 1e-5, $"max |whole - chunked| = {difference}");
    }

    private sealed class ChunkCollector(List<AudioChunk> chunks) : IProgress<AudioChunk>
    {
        public void Report(AudioChunk value) => chunks.Add(value);
    }
}
