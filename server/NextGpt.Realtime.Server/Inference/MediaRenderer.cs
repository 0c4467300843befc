using System.Diagnostics;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Modeling.Media.Audio;
using NextGpt.Realtime.Modeling.Media.Images;
using NextGpt.Realtime.Modeling.Pipelines;
using NextGpt.Realtime.Modeling.Tokenization;
using NextGpt.Realtime.Modeling.Turns;
using NextGpt.Realtime.Server.Observability;
using AudioChunk = NextGpt.Realtime.Contracts.Events.AudioChunk;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Server.Inference;

/// <summary>
/// Runs one medium's decoder on the inference thread and streams it: media started, progressive image previews
/// (latest-wins), the final PNG, or the waveform as 16 kHz mono PCM16 chunks, or a clip's frames as PNGs in order, each
/// sent the moment the VAE has decoded it, then media completed. After every denoising step (and every decoded frame) it
/// calls <c>betweenSteps</c>, where the worker decodes one LLM step for every reply in the batch, so text keeps
/// streaming while an image, a sound or a clip is being made (issue 7, pipelining) and a cancellation is seen within one step.
/// </summary>
public sealed class MediaRenderer(NextGptModel model, ServerMetrics metrics)
{
    /// <summary>The wire's audio rate (docs/wire-protocol.md).</summary>
    public const int WireSampleRate = 16000;

    /// <summary>Samples per audio chunk: 200 ms, small enough to start playback early, large enough to keep overhead low.</summary>
    public const int AudioChunkSamples = WireSampleRate / 5;

    /// <summary>Frame rate of generated clips: NExT-GPT saves Zeroscope's frames at 8 fps (architecture notes section 5.2).</summary>
    public const int VideoFramesPerSecond = 8;

    public void Render(MediaJob job, Action betweenSteps, CancellationToken cancellationToken)
    {
        var turn = job.Turn;
        var clock = Stopwatch.StartNew();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        switch (job.Modality)
        {
            case SignalModality.Image:
                RenderImage(job, betweenSteps, clock, cancellationToken);
                break;
            case SignalModality.Audio:
                RenderAudio(job, betweenSteps, clock, cancellationToken);
                break;
            case SignalModality.Video:
                RenderVideo(job, betweenSteps, clock, cancellationToken);
                break;
            default:
                throw new NotSupportedException($"The served model has no {job.Modality} decoder.");
        }

        var stage = job.Modality.ToString().ToLowerInvariant();
        turn.Stages[stage] = turn.Stages.GetValueOrDefault(stage) + clock.Elapsed.TotalMilliseconds;
        turn.Write(new MediaCompleted { PartId = job.PartId, Modality = ActiveTurn.ToWire(job.Modality), Milliseconds = clock.Elapsed.TotalMilliseconds });
    }

    private void RenderImage(MediaJob job, Action betweenSteps, Stopwatch clock, CancellationToken cancellationToken)
    {
        var turn = job.Turn;
        var settings = turn.Job.Settings;
        var decoder = model.ImageDecoder ?? throw new NotSupportedException("The served model has no image decoder.");
        turn.Write(new MediaStarted { PartId = job.PartId, Modality = Contracts.Primitives.Modality.Image, Width = settings.ImageSize, Height = settings.ImageSize });
        var options = new ImageGenerationOptions
        {
            NumInferenceSteps = settings.DiffusionSteps,
            GuidanceScale = model.ImageUnconditional is null ? 1.0 : settings.GuidanceScale,
            Height = settings.ImageSize,
            Width = settings.ImageSize,
            Seed = job.Seed,
            PreviewEvery = settings.PreviewEvery,
        };
        var firstPreview = true;
        var progress = new StepRelay<DiffusionProgress>(p =>
        {
            metrics.DiffusionStep("image");
            if (p.Preview is { } preview)
            {
                if (firstPreview)
                {
                    metrics.TimeToFirstPreview(clock.Elapsed.TotalMilliseconds);
                    firstPreview = false;
                }

                turn.Job.Events.WritePreview(new ImagePreview
                {
                    PartId = job.PartId, Step = p.Step, TotalSteps = p.TotalSteps, Png = ImageEncoder.EncodePng(preview),
                });
            }

            betweenSteps();
        });
        using var images = decoder.Generate(job.Conditioning, model.ImageUnconditional, options, progress, cancellationToken);
        metrics.DiffusionStepsPerSecond(options.NumInferenceSteps / clock.Elapsed.TotalSeconds, "image");
        turn.Write(new ImageCompleted { PartId = job.PartId, Png = ImageEncoder.EncodePng(images.Images[0]), Seed = job.Seed });
    }

    // AudioLDM takes the projector's (1, 1, 512) output as a (1, 512) class embedding, without re-normalising it, as the
    // legacy code does (architecture notes section 13).
    private void RenderAudio(MediaJob job, Action betweenSteps, Stopwatch clock, CancellationToken cancellationToken)
    {
        var turn = job.Turn;
        var settings = turn.Job.Settings;
        var decoder = model.AudioDecoder ?? throw new NotSupportedException("The served model has no audio decoder.");
        turn.Write(new MediaStarted { PartId = job.PartId, Modality = Contracts.Primitives.Modality.Audio, Rate = WireSampleRate });
        var options = new AudioGenerationOptions
        {
            AudioLengthSeconds = settings.AudioSeconds,
            NumInferenceSteps = settings.DiffusionSteps,
            GuidanceScale = model.AudioUnconditional is null ? 1.0 : settings.GuidanceScale,
            Seed = job.Seed,
        };
        var progress = new StepRelay<DiffusionProgress>(_ =>
        {
            metrics.DiffusionStep("audio");
            betweenSteps();
        });
        using var audio = decoder.Generate(job.Conditioning.reshape(1, -1), model.AudioUnconditional, options, progress, cancellationToken);
        metrics.DiffusionStepsPerSecond(options.NumInferenceSteps / clock.Elapsed.TotalSeconds, "audio");
        var waveform = PcmAudio.Mono(audio.SamplingRate, audio.Waveforms[0].to(ScalarType.Float32, CPU).data<float>().ToArray());
        if (waveform.SampleRate != WireSampleRate)
        {
            waveform = AudioResampler.Resample(waveform, WireSampleRate);
        }

        var samples = waveform.Channels[0];
        for (var start = 0; start < samples.Length; start += AudioChunkSamples)
        {
            if (start == 0)
            {
                metrics.TimeToFirstAudio(clock.Elapsed.TotalMilliseconds);
            }

            turn.Write(new AudioChunk
            {
                PartId = job.PartId, SampleRate = WireSampleRate, FirstSample = start,
                Pcm16 = Pcm16(samples.AsSpan(start, Math.Min(AudioChunkSamples, samples.Length - start))),
            });
        }
    }

    // Zeroscope takes the projector's (1, N_out, D) output as prompt_embeds (architecture notes section 5.3). A preview
    // is the middle frame of the predicted clean clip, sent as an ImagePreview of the video's part (latest-wins, like an
    // image's); each final frame is a VideoFrame with its presentation time.
    private void RenderVideo(MediaJob job, Action betweenSteps, Stopwatch clock, CancellationToken cancellationToken)
    {
        var turn = job.Turn;
        var settings = turn.Job.Settings;
        var decoder = model.VideoDecoder ?? throw new NotSupportedException("The served model has no video decoder.");
        turn.Write(new MediaStarted
        {
            PartId = job.PartId, Modality = Contracts.Primitives.Modality.Video, Width = settings.ImageSize, Height = settings.ImageSize,
            FrameCount = settings.VideoFrames, Rate = VideoFramesPerSecond,
        });
        var options = new VideoGenerationOptions
        {
            NumInferenceSteps = settings.DiffusionSteps,
            GuidanceScale = model.VideoUnconditional is null ? 1.0 : settings.GuidanceScale,
            Height = settings.ImageSize,
            Width = settings.ImageSize,
            NumFrames = settings.VideoFrames,
            Seed = job.Seed,
            PreviewEvery = settings.PreviewEvery,
        };
        var firstPreview = true;
        var progress = new StepRelay<DiffusionEvent>(e =>
        {
            switch (e)
            {
                case VideoDiffusionProgress step:
                    metrics.DiffusionStep("video");
                    if (step.PreviewFrames is { Count: > 0 } frames)
                    {
                        if (firstPreview)
                        {
                            metrics.TimeToFirstPreview(clock.Elapsed.TotalMilliseconds);
                            firstPreview = false;
                        }

                        turn.Job.Events.WritePreview(new ImagePreview
                        {
                            PartId = job.PartId, Step = step.Step, TotalSteps = step.TotalSteps, Png = ImageEncoder.EncodePng(frames[frames.Count / 2]),
                        });
                    }

                    break;
                case VideoFrameDecoded frame:
                    turn.Write(new VideoFrame
                    {
                        PartId = job.PartId, FrameIndex = frame.Index,
                        TimestampMilliseconds = frame.Index * 1000.0 / VideoFramesPerSecond, Png = ImageEncoder.EncodePng(frame.Frame),
                    });
                    break;
            }

            betweenSteps();
        });
        using var video = decoder.Generate(job.Conditioning, model.VideoUnconditional, options, progress, cancellationToken);
        metrics.DiffusionStepsPerSecond(options.NumInferenceSteps / clock.Elapsed.TotalSeconds, "video");
    }

    /// <summary>Float samples in [-1, 1] to signed 16-bit little-endian PCM.</summary>
    public static byte[] Pcm16(ReadOnlySpan<float> samples)
    {
        var pcm = new byte[samples.Length * 2];
        for (var i = 0; i < samples.Length; i++)
        {
            var value = (short)Math.Round(Math.Clamp(samples[i], -1f, 1f) * short.MaxValue);
            pcm[2 * i] = (byte)value;
            pcm[(2 * i) + 1] = (byte)(value >> 8);
        }

        return pcm;
    }

    /// <summary>Forwards each step synchronously on the inference thread (unlike Progress&lt;T&gt;, no synchronisation context).</summary>
    private sealed class StepRelay<T>(Action<T> onStep) : IProgress<T>
    {
        public void Report(T value) => onStep(value);
    }
}
