using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Modeling.Schedulers;
using static TorchSharp.torch;
using NextGpt.Realtime.Modeling.Media.Images;

namespace NextGpt.Realtime.Modeling.Pipelines;

/// <summary>
/// Text-to-image latent diffusion as diffusers 0.17.1's StableDiffusionPipeline runs it, with the text encoder left out:
/// NExT-GPT feeds the output projector's 77 x 768 conditioning as <c>prompt_embeds</c> (architecture notes section 5.3),
/// and the unconditional embedding is the decoder's own text encoder applied to "" (computed once by the caller).
/// Steps: seeded N(0, 1) latents x init_noise_sigma, the guided denoising loop (<see cref="GuidedDenoisingLoop"/>), then
/// <c>vae.decode(latents / scaling_factor)</c>, <c>(x / 2 + 0.5).clamp(0, 1)</c>. Each run creates its own scheduler from
/// the configuration, so one pipeline can serve runs one after another.
/// </summary>
public sealed class ImageDiffusionPipeline
{
    private readonly UNet2DConditionModel _unet;
    private readonly AutoencoderKL _vae;
    private readonly SchedulerConfig _schedulerConfig;
    private readonly LatentRgbProjection? _projection;

    /// <param name="previewProjection">Latent-to-RGB factors for cheap previews (for example
    /// <see cref="LatentRgbProjection.StableDiffusionV1"/>); null makes previews VAE decodes.</param>
    public ImageDiffusionPipeline(UNet2DConditionModel unet, AutoencoderKL vae, SchedulerConfig schedulerConfig,
        LatentRgbProjection? previewProjection = null)
    {
        if (unet.Config.InChannels != vae.Config.LatentChannels)
        {
            throw new ArgumentException(
                $"The UNet takes {unet.Config.InChannels} channels but the VAE makes {vae.Config.LatentChannels}-channel latents.");
        }

        if (previewProjection is not null && previewProjection.LatentChannels != vae.Config.LatentChannels)
        {
            throw new ArgumentException("The preview projection's channels do not match the VAE's latent channels.", nameof(previewProjection));
        }

        _unet = unet;
        _vae = vae;
        _schedulerConfig = schedulerConfig;
        _projection = previewProjection;
        SchedulerFactory.Create(schedulerConfig).Dispose();
    }

    /// <summary>Generates one image per row of <paramref name="promptEmbeds"/>.</summary>
    /// <param name="promptEmbeds">(B, S, cross_attention_dim) conditioning.</param>
    /// <param name="negativePromptEmbeds">(B or 1, S, cross_attention_dim) unconditional embeddings; required when
    /// guidance_scale &gt; 1.</param>
    /// <param name="progress">Called on the inference thread after every step (synchronously, in order).</param>
    /// <param name="cancellationToken">Checked before every step: a cancelled run stops before its next UNet call.</param>
    public GeneratedImages Generate(Tensor promptEmbeds, Tensor? negativePromptEmbeds, ImageGenerationOptions options,
        IProgress<DiffusionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var factor = _vae.Config.DownsampleFactor;
        options.Validate(factor);
        var clock = Stopwatch.StartNew();
        var (device, dtype) = DeviceAndType();
        var guided = options.GuidanceScale > 1.0;
        using var scope = NewDisposeScope();
        var batch = promptEmbeds.shape[0];
        var context = GuidedDenoisingLoop.GuidanceBatch(promptEmbeds, negativePromptEmbeds, guided, dtype, device,
            "Guidance scale > 1 needs the unconditional embeddings (the decoder's text encoder applied to \"\").",
            nameof(negativePromptEmbeds));                                                       // (B or 2B, S, D)

        using var scheduler = SchedulerFactory.Create(_schedulerConfig);
        scheduler.SetTimesteps(options.NumInferenceSteps);
        var shape = new long[] { batch, _unet.Config.InChannels, options.Height / factor, options.Width / factor };
        var initial = DiffusionNoise.Randn(shape, options.Seed, dtype, device) * scheduler.InitNoiseSigma;
        var latents = GuidedDenoisingLoop.Run(_unet, scheduler, initial,
            new GuidedDenoisingLoop.Conditioning(context, null, guided, options.GuidanceScale),
            options.PreviewEvery, PreviewFunction(options.Preview), progress, clock, cancellationToken);

        using var noGrad = no_grad();
        var pixels = ((_vae.Decode(latents / _vae.ScalingFactor) / 2) + 0.5).clamp(0, 1).to(ScalarType.Float32, CPU);  // (B, 3, H, W)
        var result = new GeneratedImages(RgbImageTensors.FromBatch(pixels), pixels.DetachFromDisposeScope(), latents.DetachFromDisposeScope());
        return result;
    }

    /// <summary>
    /// The same run on a dedicated inference thread, as a stream: <see cref="DiffusionProgress"/> after every step (with
    /// previews), then one <see cref="DiffusionCompleted"/> whose images equal <see cref="Generate"/>'s. Stopping the
    /// enumeration or cancelling the token cancels the run before its next step.
    /// </summary>
    public async IAsyncEnumerable<DiffusionEvent> GenerateStreaming(Tensor promptEmbeds, Tensor? negativePromptEmbeds,
        ImageGenerationOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateUnbounded<DiffusionEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var run = Task.Factory.StartNew(() =>
        {
            try
            {
                var clock = Stopwatch.StartNew();
                using var images = Generate(promptEmbeds, negativePromptEmbeds, options, new ChannelProgress(channel.Writer), linked.Token);
                channel.Writer.TryWrite(new DiffusionCompleted(images.Images, clock.Elapsed));
                channel.Writer.TryComplete();
            }
            catch (Exception ex)
            {
                channel.Writer.TryComplete(ex);
            }
        }, linked.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }
        }
        finally
        {
            await linked.CancelAsync().ConfigureAwait(false);
            await run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private Func<Tensor, RgbImage?>? PreviewFunction(PreviewMode mode) => mode switch
    {
        PreviewMode.None => null,
        PreviewMode.LatentRgb when _projection is null => throw new InvalidOperationException(
            "PreviewMode.LatentRgb needs a latent-to-RGB projection; give one to the pipeline or use Auto."),
        PreviewMode.LatentRgb or PreviewMode.Auto when _projection is not null => x0 => _projection.ToImage(x0),
        _ => x0 =>
        {
            using var scope = NewDisposeScope();
            return RgbImageTensors.FromTensor(((_vae.Decode(x0.narrow(0, 0, 1) / _vae.ScalingFactor) / 2) + 0.5).clamp(0, 1));
        },
    };

    private (Device Device, ScalarType DType) DeviceAndType()
    {
        var parameter = _unet.parameters().First();
        return (parameter.device, parameter.dtype);
    }

    /// <summary>Forwards progress into the stream as it happens (no synchronisation context, unlike Progress&lt;T&gt;).</summary>
    private sealed class ChannelProgress(ChannelWriter<DiffusionEvent> writer) : IProgress<DiffusionProgress>
    {
        public void Report(DiffusionProgress value) => writer.TryWrite(value);
    }
}
