using System.Diagnostics;
using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Modeling.Pipelines;
using NextGpt.Realtime.Modeling.Runtime;
using NextGpt.Realtime.Modeling.Schedulers;
using TorchSharp;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Cli.Benchmarks;

/// <summary>
/// <c>nextgpt bench decoders --config tiny|sd15|audioldm|zeroscope</c>: the diffusion decoders with random weights, run
/// through the real pipelines with classifier-free guidance (UNet batch 2): median milliseconds per denoising step (UNet +
/// scheduler), time to the first preview (one step plus the latent-to-RGB projection) and the VAE decode.
/// </summary>
public sealed class DecodersBenchmark : IBenchmark
{
    public string Name => "decoders";

    public string Description => "Diffusion decoders: ms per guided step, time to first preview, VAE decode (random weights).";

    public IReadOnlyList<string> Configs => ["tiny", "sd15", "audioldm", "zeroscope"];

    public void Run(string config, int iterations, TextWriter output)
    {
        var device = TorchRuntime.Initialize().Device;
        var dtype = device.type == DeviceType.CUDA ? ScalarType.Float16 : ScalarType.Float32;
        switch (config)
        {
            case "tiny":
                RunImage(config, TinyUNet, TinyVae, 64, 77, null, iterations, device, dtype, output);
                break;
            case "sd15":
                RunImage(config, UNet2DConditionConfig.StableDiffusion15, AutoencoderKLConfig.StableDiffusion15, 512, 77,
                    LatentRgbProjection.StableDiffusionV1, iterations, device, dtype, output);
                break;
            case "audioldm":
                RunAudio(iterations, device, dtype, output);
                break;
            default:
                RunZeroscope(iterations, device, dtype, output);
                break;
        }
    }

    /// <summary>A decoder of the size this project's own model uses for 64 x 64 images (4-channel 16 x 16 latents).</summary>
    private static UNet2DConditionConfig TinyUNet => new()
    {
        BlockOutChannels = [32, 64, 128], LayersPerBlock = PerBlock<int>.Shared(1), NormNumGroups = 8,
        DownBlockTypes = [UNet2DConditionConfig.CrossAttnDownBlock2D, UNet2DConditionConfig.CrossAttnDownBlock2D, UNet2DConditionConfig.DownBlock2D],
        UpBlockTypes = [UNet2DConditionConfig.UpBlock2D, UNet2DConditionConfig.CrossAttnUpBlock2D, UNet2DConditionConfig.CrossAttnUpBlock2D],
        CrossAttentionDim = PerBlock<int>.Shared(64), AttentionHeadDim = PerBlock<int>.Shared(4), SampleSize = 16,
    };

    private static AutoencoderKLConfig TinyVae => new()
    {
        BlockOutChannels = [32, 64, 64], LayersPerBlock = 1, NormNumGroups = 8, SampleSize = 64,
        DownBlockTypes = [AutoencoderKLConfig.DownEncoderBlock2D, AutoencoderKLConfig.DownEncoderBlock2D, AutoencoderKLConfig.DownEncoderBlock2D],
        UpBlockTypes = [AutoencoderKLConfig.UpDecoderBlock2D, AutoencoderKLConfig.UpDecoderBlock2D, AutoencoderKLConfig.UpDecoderBlock2D],
    };

    private static void RunImage(string name, UNet2DConditionConfig unetConfig, AutoencoderKLConfig vaeConfig, int size, int tokens,
        LatentRgbProjection? projection, int iterations, Device device, ScalarType dtype, TextWriter output)
    {
        using var unet = Build(d => new UNet2DConditionModel(unetConfig, d), device, dtype);
        using var vae = Build(d => new AutoencoderKL(vaeConfig, d), device, dtype);
        if (unet is null || vae is null)
        {
            output.WriteLine($"decoders {name}: the weights do not fit this machine's memory; run it on a GPU build.");
            return;
        }

        projection ??= LatentRgbProjection.FitToVae(vae, blocks: 4);
        var pipeline = new ImageDiffusionPipeline(unet, vae, SchedulerConfig.StableDiffusion15, projection);
        using var scope = NewDisposeScope();
        var context = DiffusionNoise.Randn([1, tokens, unetConfig.CrossAttentionDim.Values[0]], 1);
        var negative = DiffusionNoise.Randn([1, tokens, unetConfig.CrossAttentionDim.Values[0]], 2);
        var stepTimes = new List<TimeSpan>();
        TimeSpan? firstPreview = null;
        var clock = Stopwatch.StartNew();
        var options = new ImageGenerationOptions
        {
            NumInferenceSteps = iterations, Height = size, Width = size, PreviewEvery = 1, Preview = PreviewMode.LatentRgb,
        };
        var progress = new InlineProgress(p =>
        {
            stepTimes.Add(p.Elapsed);
            firstPreview ??= p.Preview is null ? null : p.Elapsed;
        });
        using (var images = pipeline.Generate(context, negative, options, progress))
        {
            clock.Stop();
        }

        var latent = (long)size / vaeConfig.DownsampleFactor;
        output.WriteLine($"decoders {name}: UNet {Millions(unet)} M parameters, VAE {Millions(vae)} M, {dtype}, " +
                         $"{size}x{size} image, latents {unetConfig.InChannels}x{latent}x{latent}, PNDM, guidance (UNet batch 2)");
        output.WriteLine($"  per step {MedianStepMs(stepTimes):F1} ms (median of {stepTimes.Count} steps), first preview after " +
                         $"{firstPreview?.TotalMilliseconds:F1} ms, VAE decode {DecodeMs(vae, [1, vaeConfig.LatentChannels, latent, latent], iterations, dtype):F1} ms");
    }

    private static void RunAudio(int iterations, Device device, ScalarType dtype, TextWriter output)
    {
        var unetConfig = UNet2DConditionConfig.AudioLdmL;
        var vaeConfig = AutoencoderKLConfig.AudioLdmL;
        using var unet = Build(d => new UNet2DConditionModel(unetConfig, d), device, dtype);
        using var vae = Build(d => new AutoencoderKL(vaeConfig, d), device, dtype);
        if (unet is null || vae is null)
        {
            output.WriteLine("decoders audioldm: the weights do not fit this machine's memory; run it on a GPU build.");
            return;
        }

        // The HiFi-GAN vocoder is separate; a stand-in keeps the pipeline whole (16 kHz, hop 160, 64 mel bins).
        var vocoder = new MelVocoder(16000, 160, 64, mel => zeros(mel.shape[0], mel.shape[1] * 160));
        var pipeline = new AudioDiffusionPipeline(unet, vae, SchedulerConfig.AudioLdmL, vocoder);
        using var scope = NewDisposeScope();
        var stepTimes = new List<TimeSpan>();
        var options = new AudioGenerationOptions { AudioLengthSeconds = 5.0, NumInferenceSteps = iterations };
        using (var audio = pipeline.Generate(DiffusionNoise.Randn([1, 512], 1), DiffusionNoise.Randn([1, 512], 2), options,
                   new InlineProgress(p => stepTimes.Add(p.Elapsed))))
        {
            output.WriteLine($"decoders audioldm: UNet {Millions(unet)} M parameters, VAE {Millions(vae)} M, {dtype}, 5.0 s of audio, " +
                             $"latents {string.Join("x", audio.Latents.shape.Skip(1))}, DDIM, guidance (UNet batch 2), vocoder excluded");
        }

        output.WriteLine($"  per step {MedianStepMs(stepTimes):F1} ms (median of {stepTimes.Count} steps), " +
                         $"VAE decode {DecodeMs(vae, [1, 8, 125, 16], iterations, dtype):F1} ms");
    }

    private static void RunZeroscope(int iterations, Device device, ScalarType dtype, TextWriter output)
    {
        output.WriteLine("decoders zeroscope: UNet3DConditionModel is not yet available; measuring its VAE (the SD 1.5 VAE) frame by frame.");
        using var vae = Build(d => new AutoencoderKL(AutoencoderKLConfig.StableDiffusion15, d), device, dtype);
        if (vae is null)
        {
            output.WriteLine("decoders zeroscope: the VAE does not fit this machine's memory.");
            return;
        }

        // 576 x 320 frames: 72 x 40 latents.
        output.WriteLine($"  VAE decode {DecodeMs(vae, [1, 4, 40, 72], iterations, dtype):F1} ms per 576x320 frame ({Millions(vae)} M parameters, {dtype})");
    }

    /// <summary>Builds the model with random weights, or returns null when its weights would take more than half of
    /// this machine's memory (counted first on the meta device, which allocates nothing).</summary>
    private static T? Build<T>(Func<Device, T> create, Device device, ScalarType dtype)
        where T : nn.Module
    {
        long parameters;
        using (var shape = create(META))
        {
            parameters = shape.parameters().Sum(p => p.numel());
        }

        var bytes = parameters * (dtype == ScalarType.Float32 ? 4L : 2L);
        if (device.type == DeviceType.CPU && bytes > GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2)
        {
            return null;
        }

        var model = create(device);
        model.to(dtype).eval();
        return model;
    }

    private static double DecodeMs(AutoencoderKL vae, long[] shape, int iterations, ScalarType dtype)
    {
        using var noGrad = no_grad();
        var device = vae.parameters().First().device;
        var times = new List<double>();
        for (var i = 0; i <= Math.Min(iterations, 3); i++)
        {
            using var scope = NewDisposeScope();
            var latents = DiffusionNoise.Randn(shape, i, dtype, device);
            var clock = Stopwatch.StartNew();
            _ = vae.Decode(latents).cpu();
            if (i > 0)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        return Median(times);
    }

    private static double MedianStepMs(List<TimeSpan> elapsed)
    {
        var steps = elapsed.Select((t, i) => (t - (i == 0 ? TimeSpan.Zero : elapsed[i - 1])).TotalMilliseconds).ToList();
        return Median(steps.Count > 1 ? steps.Skip(1).ToList() : steps);
    }

    private static string Millions(nn.Module module) => (module.parameters().Sum(p => p.numel()) / 1e6).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
    }

    private sealed class InlineProgress(Action<DiffusionProgress> callback) : IProgress<DiffusionProgress>
    {
        public void Report(DiffusionProgress value) => callback(value);
    }
}
