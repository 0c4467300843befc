using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Modeling.Schedulers;
using static TorchSharp.torch;
using NextGpt.Realtime.Modeling.Media.Images;

namespace NextGpt.Realtime.Modeling.Pipelines;

/// <summary>
/// Text-to-video latent diffusion as diffusers 0.17.1's TextToVideoSDPipeline runs it for Zeroscope, with the text encoder
/// left out: NExT-GPT feeds the video output projector's 77 x 1024 conditioning as <c>prompt_embeds</c> (architecture
/// notes section 5.3), and the unconditional embedding is Zeroscope's own text encoder applied to "" (computed once by the
/// caller). Steps: seeded N(0, 1) latents (B, 4, F, H / 8, W / 8) x init_noise_sigma; the guided loop
/// (<see cref="GuidedDenoisingLoop"/>) with the UNet3D and the scheduler stepped on frames folded into the batch
/// (<see cref="FrameFoldingScheduler"/>); then <c>decode_latents</c> frame by frame, each frame reported as soon as it is
/// decoded, quantised as <c>tensor2vid</c> does. Cancellation is checked before every step and every frame decode.
/// </summary>
public sealed class VideoDiffusionPipeline
{
    private readonly UNet3DConditionModel _unet;
    private readonly AutoencoderKL _vae;
    private readonly SchedulerConfig _schedulerConfig;
    private readonly LatentRgbProjection? _projection;

    /// <param name="previewProjection">Latent-to-RGB factors for cheap previews (Zeroscope uses the SD VAE:
    /// <see cref="LatentRgbProjection.StableDiffusionV1"/>); null makes previews VAE decodes of the middle frame.</param>
    public VideoDiffusionPipeline(UNet3DConditionModel unet, AutoencoderKL vae, SchedulerConfig schedulerConfig,
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

    /// <summary>Generates one video per row of <paramref name="promptEmbeds"/>.</summary>
    /// <param name="promptEmbeds">(B, S, cross_attention_dim) conditioning.</param>
    /// <param name="negativePromptEmbeds">(B or 1, S, cross_attention_dim) unconditional embeddings; required when
    /// guidance_scale &gt; 1.</param>
    /// <param name="progress">Called on the inference thread, in order: <see cref="VideoDiffusionProgress"/> after every
    /// step, then <see cref="VideoFrameDecoded"/> for every frame as it is decoded.</param>
    /// <param name="cancellationToken">Checked before every step and every frame decode.</param>
    public GeneratedVideo Generate(Tensor promptEmbeds, Tensor? negativePromptEmbeds, VideoGenerationOptions options,
        IProgress<DiffusionEvent>? progress = null, CancellationToken cancellationToken = default)
    {
        var factor = _vae.Config.DownsampleFactor;
        options.Validate(factor);
        CheckEmbeddings(promptEmbeds, nameof(promptEmbeds));
        var clock = Stopwatch.StartNew();
        var parameter = _unet.parameters().First();
        var (device, dtype) = (parameter.device, parameter.dtype);
        var guided = options.GuidanceScale > 1.0;
        using var scope = NewDisposeScope();
        var batch = promptEmbeds.shape[0];
        if (guided && negativePromptEmbeds is not null)
        {
            CheckEmbeddings(negativePromptEmbeds, nameof(negativePromptEmbeds));
        }

        var context = GuidedDenoisingLoop.GuidanceBatch(promptEmbeds, negativePromptEmbeds, guided, dtype, device,
            "Guidance scale > 1 needs the unconditional embeddings (the decoder's text encoder applied to \"\").",
            nameof(negativePromptEmbeds));                                                       // (B or 2B, S, D)

        using var scheduler = new FrameFoldingScheduler(SchedulerFactory.Create(_schedulerConfig));
        scheduler.SetTimesteps(options.NumInferenceSteps);
        var shape = new long[] { batch, _unet.Config.InChannels, options.NumFrames, options.Height / factor, options.Width / factor };
        var initial = DiffusionNoise.Randn(shape, options.Seed, dtype, device) * scheduler.InitNoiseSigma;  // (B, C, F, h, w)
        var total = scheduler.Timesteps.Count;
        var preview = PreviewFunction(options.Preview);
        var latents = GuidedDenoisingLoop.Run(
            (input, t) => _unet.forward(input, t, context), scheduler, initial, guided, options.GuidanceScale,
            preview is null ? 0 : options.PreviewEvery,
            (step, t, x0) => progress?.Report(new VideoDiffusionProgress(step, total, t, clock.Elapsed, x0 is null ? null : preview!(x0))),
            cancellationToken);

        var (videos, pixels) = DecodeFrames(latents, progress, clock, cancellationToken);
        return new GeneratedVideo(videos, pixels.DetachFromDisposeScope(), latents.DetachFromDisposeScope());
    }

    /// <summary>
    /// The same run on a dedicated inference thread, as a stream: <see cref="VideoDiffusionProgress"/> after every step
    /// (with previews), <see cref="VideoFrameDecoded"/> per frame, then one <see cref="VideoCompleted"/> whose frames equal
    /// <see cref="Generate"/>'s. Stopping the enumeration or cancelling the token cancels the run before its next step or
    /// frame.
    /// </summary>
    public async IAsyncEnumerable<DiffusionEvent> GenerateStreaming(Tensor promptEmbeds, Tensor? negativePromptEmbeds,
        VideoGenerationOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateUnbounded<DiffusionEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var run = Task.Factory.StartNew(() =>
        {
            try
            {
                var clock = Stopwatch.StartNew();
                using var video = Generate(promptEmbeds, negativePromptEmbeds, options, new ChannelProgress(channel.Writer), linked.Token);
                channel.Writer.TryWrite(new VideoCompleted(video.Videos, clock.Elapsed));
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

    /// <summary>diffusers' decode_latents + tensor2vid, one frame (of every video) per VAE call.</summary>
    /// <returns>Frames per video, and (B, 3, F, H, W) float32 CPU pixels in [0, 1].</returns>
    private (IReadOnlyList<IReadOnlyList<RgbImage>> Videos, Tensor Pixels) DecodeFrames(Tensor latents, IProgress<DiffusionEvent>? progress,
        Stopwatch clock, CancellationToken cancellationToken)
    {
        var (batch, frames) = ((int)latents.shape[0], (int)latents.shape[2]);
        var videos = Enumerable.Range(0, batch).Select(_ => new List<RgbImage>(frames)).ToArray();
        var pixelFrames = new List<Tensor>(frames);
        using var noGrad = no_grad();
        for (var f = 0; f < frames; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var frameScope = NewDisposeScope();
            var decoded = _vae.Decode(latents.select(2, f) / _vae.ScalingFactor);                                 // (B, 3, H, W)
            var pixels = ((decoded.to(ScalarType.Float32, CPU) * 0.5) + 0.5).clamp(0, 1);
            for (var b = 0; b < batch; b++)
            {
                var frame = RgbImageTensors.FromTensor(pixels[b], truncate: true);
                videos[b].Add(frame);
                progress?.Report(new VideoFrameDecoded(b, f, frames, frame, clock.Elapsed));
            }

            pixelFrames.Add(pixels.MoveToOuterDisposeScope());
        }

        return (videos, stack(pixelFrames, dim: 2));                                                              // (B, 3, F, H, W)
    }

    private Func<Tensor, IReadOnlyList<RgbImage>>? PreviewFunction(PreviewMode mode) => mode switch
    {
        PreviewMode.None => null,
        PreviewMode.LatentRgb when _projection is null => throw new InvalidOperationException(
            "PreviewMode.LatentRgb needs a latent-to-RGB projection; give one to the pipeline or use Auto."),
        PreviewMode.LatentRgb or PreviewMode.Auto when _projection is not null => x0 =>
        {
            using var scope = NewDisposeScope();
            var rgb = _projection.Apply(x0[0].permute(1, 0, 2, 3));                                                // (F, 3, h, w)
            return RgbImageTensors.FromBatch(((rgb / 2) + 0.5).clamp(0, 1));
        },
        _ => x0 =>
        {
            using var scope = NewDisposeScope();
            var middle = x0.narrow(0, 0, 1).select(2, x0.shape[2] / 2);                                            // (1, C, h, w)
            return [RgbImageTensors.FromTensor(((_vae.Decode(middle / _vae.ScalingFactor) / 2) + 0.5).clamp(0, 1))];
        },
    };

    private void CheckEmbeddings(Tensor embeddings, string name)
    {
        if (embeddings.dim() != 3 || embeddings.shape[2] != _unet.Config.CrossAttentionDim)
        {
            throw new ArgumentException(
                $"{name} must be (B, S, {_unet.Config.CrossAttentionDim}) (Zeroscope: the 77 x 1024 video projector output); " +
                $"got shape [{string.Join(", ", embeddings.shape)}].", name);
        }
    }

    /// <summary>Forwards events into the stream as they happen (no synchronisation context, unlike Progress&lt;T&gt;).</summary>
    private sealed class ChannelProgress(ChannelWriter<DiffusionEvent> writer) : IProgress<DiffusionEvent>
    {
        public void Report(DiffusionEvent value) => writer.TryWrite(value);
    }
}
