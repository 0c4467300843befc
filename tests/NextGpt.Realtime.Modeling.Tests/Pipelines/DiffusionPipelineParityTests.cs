using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Modeling.Pipelines;
using NextGpt.Realtime.Modeling.Runtime;
using NextGpt.Realtime.Modeling.Schedulers;
using NextGpt.Realtime.Modeling.Tests.Decoders.Diffusion;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Pipelines;

/// <summary>
/// Whole generations against diffusers 0.17.1 (tests/Fixtures/diffusion/loops): StableDiffusionPipeline's and
/// AudioLDMPipeline's unrolled guided loops (10 steps, guidance 7.5, seed 2024) with the tiny UNets and each scheduler,
/// from the seeded CPU-generator noise to the final latents and the decoded image.
/// </summary>
public sealed class DiffusionPipelineParityTests
{
    public DiffusionPipelineParityTests() => TorchRuntime.Initialize();

    public static TheoryData<string> Schedulers_ => new() { "pndm", "ddim", "euler", "dpm" };

    [Theory]
    [MemberData(nameof(Schedulers_))]
    public void ImagePipeline_MatchesDiffusersFromSeedToPixels(string scheduler)
    {
        using var scope = NewDisposeScope();
        var expected = SafeTensorsFile.Load(Fixtures.PathOf("diffusion", "loops", scheduler, "image.safetensors"));
        using var unet = UNet2DConditionModel.FromPretrained(Fixtures.PathOf("diffusion", "unet-tiny", "model"));
        using var vae = AutoencoderKL.FromPretrained(Fixtures.PathOf("diffusion", "vae-tiny", "model"));
        var pipeline = new ImageDiffusionPipeline(unet, vae, SchedulerConfigOf(scheduler));
        var timesteps = new List<double>();

        using var result = pipeline.Generate(expected["prompt_embeds"], expected["negative_prompt_embeds"],
            new ImageGenerationOptions { NumInferenceSteps = 10, GuidanceScale = 7.5, Seed = 2024, Height = 16, Width = 16, Preview = PreviewMode.None },
            new SynchronousProgress(p => timesteps.Add(p.Timestep)));

        Assert.Equal(expected["timesteps"].to_type(ScalarType.Float64).data<double>().ToArray(), timesteps);
        DiffusionAssert.Close(expected["latents"], result.Latents, what: "latents");
        DiffusionAssert.Close(expected["image"], result.Pixels, what: "image");
        Assert.Equal(16 * 16 * 3, result.Images[0].Pixels.Length);
    }

    [Theory]
    [MemberData(nameof(Schedulers_))]
    public void AudioPipeline_MatchesDiffusersLatents(string scheduler)
    {
        using var scope = NewDisposeScope();
        var expected = SafeTensorsFile.Load(Fixtures.PathOf("diffusion", "loops", scheduler, "audio.safetensors"));
        using var unet = UNet2DConditionModel.FromPretrained(Fixtures.PathOf("diffusion", "unet-audioldm-tiny", "model"));
        // Random mel VAE (8 latent channels, x2) and a stand-in vocoder: only the denoising loop is compared here.
        using var vae = new AutoencoderKL(new AutoencoderKLConfig
        {
            InChannels = 1, OutChannels = 1, LatentChannels = 8, BlockOutChannels = [8, 8], NormNumGroups = 4,
            DownBlockTypes = [AutoencoderKLConfig.DownEncoderBlock2D, AutoencoderKLConfig.DownEncoderBlock2D],
            UpBlockTypes = [AutoencoderKLConfig.UpDecoderBlock2D, AutoencoderKLConfig.UpDecoderBlock2D],
        });
        var vocoder = new MelVocoder(16000, 160, 16, mel => mel.flatten(1).repeat(1, 10));
        var pipeline = new AudioDiffusionPipeline(unet, vae, SchedulerConfigOf(scheduler), vocoder);

        // 0.16 s at 100 mel frames per second = 16 frames -> 8 x 8 latents, as in the fixture.
        using var result = pipeline.Generate(expected["class_labels"], expected["negative_class_labels"],
            new AudioGenerationOptions { AudioLengthSeconds = 0.16, NumInferenceSteps = 10, GuidanceScale = 7.5, Seed = 2024 });

        DiffusionAssert.Close(expected["latents"], result.Latents, what: "latents");
        Assert.Equal([1L, 1, 16, 16], result.MelSpectrogram.shape);
        Assert.Equal([1L, 2560], result.Waveforms.shape);
    }

    [Fact]
    public void SeededNoise_EqualsTorchGeneratorDraws()
    {
        using var scope = NewDisposeScope();
        var expected = SafeTensorsFile.Load(Fixtures.PathOf("diffusion", "noise.safetensors"));
        foreach (var (seed, shape) in new (long, long[])[] { (0, [1, 4, 8, 8]), (42, [2, 3]), (2024, [1, 8, 8, 8]), (123456789, [3, 17]) })
        {
            using var generator = DiffusionNoise.Generator(seed);
            Assert.True(expected[$"randn_{seed}"].equal(DiffusionNoise.Randn(shape, generator)).all().item<bool>(), $"seed {seed}");
            Assert.True(expected[$"randn_{seed}_second"].equal(DiffusionNoise.Randn(shape, generator)).all().item<bool>(), $"seed {seed}, second draw");
        }
    }

    [Fact]
    public void GuidanceWithoutUnconditionalEmbeddings_IsRefused()
    {
        using var scope = NewDisposeScope();
        using var unet = UNet2DConditionModel.FromPretrained(Fixtures.PathOf("diffusion", "unet-tiny", "model"));
        using var vae = AutoencoderKL.FromPretrained(Fixtures.PathOf("diffusion", "vae-tiny", "model"));
        var pipeline = new ImageDiffusionPipeline(unet, vae, SchedulerConfig.StableDiffusion15);

        var error = Assert.Throws<ArgumentException>(() => pipeline.Generate(zeros(1, 5, 24), null,
            new ImageGenerationOptions { NumInferenceSteps = 2, Height = 16, Width = 16 }));
        Assert.Contains("unconditional", error.Message, StringComparison.Ordinal);
    }

    private static SchedulerConfig SchedulerConfigOf(string scheduler) =>
        SchedulerConfig.Load(Fixtures.PathOf("diffusion", "loops", scheduler, "scheduler_config.json"));
}
