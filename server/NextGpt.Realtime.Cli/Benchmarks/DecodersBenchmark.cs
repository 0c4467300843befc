using System.Diagnostics;
using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Modeling.Pipelines;
using NextGpt.Realtime.Modeling.Runtime;
using NextGpt.Realtime.Modeling.Schedulers;
using TorchSharp;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Cli.Benchmarks;

/// <summary>
/// <c>nextgpt bench decoders --config tiny|tiny-video|sd15|audioldm|zeroscope</c>: the diffusion decoders with random
/// weights, run through the real pipelines with classifier-free guidance (UNet batch 2): median milliseconds per denoising
/// step (UNet + scheduler), time to the first preview (one step plus the latent-to-RGB projection) and the VAE decode; for
/// video also the time to the first decoded frame (all steps plus one frame's decode). <c>zeroscope</c> is NExT-GPT's
/// setting: 24 frames of 576 x 320.
/// </summary>
public sealed class DecodersBenchmark : IBenchmark
{
    public string Name => "decoders";

    public string Description => "Diffusion decoders: ms per guided step, time to first preview, VAE decode (random weights).";

    public IReadOnlyList<string> Configs => ["tiny", "tiny-video", "sd15", "audioldm", "zeroscope"];

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
            case "tiny-video":
                RunVideo(config, TinyUNet3D, TinyVae, 64, 64, 8, null, iterations, device, dtype, output);
                break;
            default:
                RunVideo(config, UNet3DConditionConfig.Zeroscope576w, AutoencoderKLConfig.StableDiffusion15, 320, 576, 24,
                    LatentRgbProjection.StableDiffusionV1, iterations, device, dtype, output);
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

    /// <summary>A video UNet of the tiny image decoder's size (widths are multiples of 32, as the temporal convolutions need).</summary>
    private static UNet3DConditionConfig TinyUNet3D => new()
    {
        BlockOutChannels = [32, 64, 128], LayersPerBlock = 1, NormNumGroups = 32, CrossAttentionDim = 64, AttentionHeadDim = PerBlock<int>.Shared(16),
        DownBlockTypes = [UNet3DConditionConfig.CrossAttnDownBlock3D, UNet3DConditionConfig.CrossAttnDownBlock3D, UNet3DConditionConfig.DownBlock3D],
        UpBlockTypes = [UNet3DConditionConfig.UpBlock3D, UNet3DConditionConfig.CrossAttnUpBlock3D, UNet3DConditionConfig.CrossAttnUpBlock3D],
        SampleSize = 16,
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

    private static void RunVideo(string name, UNet3DConditionConfig unetConfig, AutoencoderKLConfig vaeConfig, int height, int width,
        int frames, LatentRgbProjection? projection, int iterations, Device device, ScalarType dtype, TextWriter output)
    {
        using var unet = Build(d => new UNet3DConditionModel(unetConfig, d), device, dtype);
        using var vae = Build(d => new AutoencoderKL(vaeConfig, d), device, dtype);
        if (unet is null || vae is null)
        {
            output.WriteLine($"decoders {name}: the weights do not fit this machine's memory; run it on a GPU build.");
            return;
        }

        projection ??= LatentRgbProjection.FitToVae(vae, blocks: 4);
        var pipeline = new VideoDiffusionPipeline(unet, vae, SchedulerConfig.Zeroscope576w, projection);
        using var scope = NewDisposeScope();
        var context = DiffusionNoise.Randn([1, 77, unetConfig.CrossAttentionDim], 1);
        var negative = DiffusionNoise.Randn([1, 77, unetConfig.CrossAttentionDim], 2);
        var stepTimes = new List<TimeSpan>();
        var frameTimes = new List<TimeSpan>();
        TimeSpan? firstPreview = null;
        var options = new VideoGenerationOptions
        {
            NumInferenceSteps = iterations, Height = height, Width = width, NumFrames = frames, PreviewEvery = 1, Preview = PreviewMode.LatentRgb,
        };
        var progress = new InlineEvents(e =>
        {
            switch (e)
            {
                case VideoDiffusionProgress p:
                    stepTimes.Add(p.Elapsed);
                    firstPreview ??= p.PreviewFrames is null ? null : p.Elapsed;
                    break;
                case VideoFrameDecoded f:
                    frameTimes.Add(f.Elapsed);
                    break;
            }
        });
        using (pipeline.Generate(context, negative, options, progress))
        {
        }

        var factor = vaeConfig.DownsampleFactor;
        var perFrame = frameTimes.Count > 1 ? (frameTimes[^1] - frameTimes[0]).TotalMilliseconds / (frameTimes.Count - 1) : 0;
        output.WriteLine($"decoders {name}: UNet3D {Millions(unet)} M parameters, VAE {Millions(vae)} M, {dtype}, {frames} frames of " +
                         $"{width}x{height}, latents {unetConfig.InChannels}x{frames}x{height / factor}x{width / factor}, DDIM, guidance (UNet batch 2)");
        output.WriteLine($"  per step {MedianStepMs(stepTimes):F1} ms (median of {stepTimes.Count} steps), first preview after " +
                         $"{firstPreview?.TotalMilliseconds:F1} ms, first frame after {frameTimes[0].TotalMilliseconds:F1} ms, " +
                         $"then {perFrame:F1} ms per frame");
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

    private sealed class InlineEvents(Action<DiffusionEvent> callback) : IProgress<DiffusionEvent>
    {
        public void Report(DiffusionEvent value) => callback(value);
    }
}
