using System.Diagnostics;
using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Modeling.Schedulers;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Pipelines;

/// <summary>
/// Text-to-audio latent diffusion as diffusers 0.17.1's AudioLDMPipeline runs it, with the CLAP text encoder left out:
/// the conditioning is a (B, 512) vector (NExT-GPT's audio output projection, architecture notes section 5.3) given to the
/// UNet as <c>class_labels</c>, with no encoder states. The mel height is <c>audio_length / vocoder_upsample_factor</c>
/// rounded up to the VAE factor; latents are (B, C, height / f, mel_bins / f); after the loop the VAE decodes a
/// (B, 1, height, mel_bins) log-mel spectrogram, the vocoder makes the waveform, cut to the requested length. Given an
/// <c>audioChunks</c> receiver and a vocoder with a stream (<see cref="MelVocoder.OpenStream"/>), the spectrogram is vocoded
/// in pieces with exact joins (<see cref="Decoders.Audio.Vocoder.VocoderStream"/>) and each piece is delivered as soon as
/// it is final.
/// </summary>
public sealed class AudioDiffusionPipeline
{
    private readonly UNet2DConditionModel _unet;
    private readonly AutoencoderKL _vae;
    private readonly SchedulerConfig _schedulerConfig;
    private readonly MelVocoder _vocoder;

    public AudioDiffusionPipeline(UNet2DConditionModel unet, AutoencoderKL vae, SchedulerConfig schedulerConfig, MelVocoder vocoder)
    {
        if (unet.Config.ClassEmbedType is null)
        {
            throw new ArgumentException("The audio pipeline conditions through class_labels; this UNet has no class embedding.", nameof(unet));
        }

        if (unet.Config.InChannels != vae.Config.LatentChannels || vocoder.MelBins % vae.Config.DownsampleFactor != 0)
        {
            throw new ArgumentException(
                $"UNet channels ({unet.Config.InChannels}) must equal the VAE's latent channels ({vae.Config.LatentChannels}) and the " +
                $"vocoder's mel bins ({vocoder.MelBins}) must be divisible by the VAE factor ({vae.Config.DownsampleFactor}).");
        }

        _unet = unet;
        _vae = vae;
        _schedulerConfig = schedulerConfig;
        _vocoder = vocoder;
        SchedulerFactory.Create(schedulerConfig).Dispose();
    }

    /// <param name="classLabels">(B, projection_class_embeddings_input_dim) conditioning (L2-normalised CLAP space).</param>
    /// <param name="negativeClassLabels">(B or 1, dim) unconditional conditioning (CLAP of ""); required when guided.</param>
    /// <param name="audioChunks">Receives the waveform in pieces, in order, as they are vocoded (their concatenation is
    /// <see cref="GeneratedAudio.Waveforms"/>); needs a vocoder with <see cref="MelVocoder.OpenStream"/>.</param>
    public GeneratedAudio Generate(Tensor classLabels, Tensor? negativeClassLabels, AudioGenerationOptions options,
        IProgress<DiffusionProgress>? progress = null, CancellationToken cancellationToken = default, IProgress<AudioChunk>? audioChunks = null)
    {
        if (audioChunks is not null && _vocoder.OpenStream is null)
        {
            throw new ArgumentException("Chunked audio needs a vocoder stream (MelVocoder.FromHifiGan provides one).", nameof(audioChunks));
        }

        options.Validate();
        var clock = Stopwatch.StartNew();
        var factor = _vae.Config.DownsampleFactor;
        // diffusers: height = int(length / upsample_factor), rounded up to a multiple of the VAE factor.
        var height = (int)(options.AudioLengthSeconds / _vocoder.SecondsPerFrame);
        var originalWaveformLength = (int)(options.AudioLengthSeconds * _vocoder.SamplingRate);
        if (height % factor != 0)
        {
            height = (int)Math.Ceiling((double)height / factor) * factor;
        }

        var parameter = _unet.parameters().First();
        var (device, dtype) = (parameter.device, parameter.dtype);
        var guided = options.GuidanceScale > 1.0;
        using var scope = NewDisposeScope();
        var batch = classLabels.shape[0];
        var labels = GuidedDenoisingLoop.GuidanceBatch(classLabels, negativeClassLabels, guided, dtype, device,
            "Guidance scale > 1 needs the unconditional conditioning (the CLAP embedding of \"\").",
            nameof(negativeClassLabels));                                                        // (B or 2B, dim)

        using var scheduler = SchedulerFactory.Create(_schedulerConfig);
        scheduler.SetTimesteps(options.NumInferenceSteps);
        var shape = new long[] { batch, _unet.Config.InChannels, height / factor, _vocoder.MelBins / factor };
        var initial = DiffusionNoise.Randn(shape, options.Seed, dtype, device) * scheduler.InitNoiseSigma;
        var latents = GuidedDenoisingLoop.Run(_unet, scheduler, initial,
            new GuidedDenoisingLoop.Conditioning(null, labels, guided, options.GuidanceScale),
            previewEvery: 0, preview: null, progress, clock, cancellationToken);

        using var noGrad = no_grad();
        var mel = _vae.Decode(latents / _vae.ScalingFactor);                                               // (B, 1, height, bins)
        var waveform = audioChunks is null
            ? _vocoder.Vocode(mel.squeeze(1)).to(ScalarType.Float32, CPU)                                      // (B, samples)
            : VocodeInChunks(mel.squeeze(1), originalWaveformLength, audioChunks, clock, cancellationToken);
        waveform = waveform.narrow(1, 0, Math.Min(originalWaveformLength, waveform.shape[1]));
        return new GeneratedAudio(waveform.DetachFromDisposeScope(), mel.DetachFromDisposeScope(), latents.DetachFromDisposeScope(),
            _vocoder.SamplingRate);
    }

    /// <summary>Vocodes (B, frames, bins) one chunk of frames at a time, reporting each final piece (cut to the requested
    /// length) before the next is computed.</summary>
    private Tensor VocodeInChunks(Tensor mel, int length, IProgress<AudioChunk> chunks, Stopwatch clock, CancellationToken cancellationToken)
    {
        using var stream = _vocoder.OpenStream!();
        var pieces = new List<Tensor>();
        long offset = 0;
        const int FramesPerPush = 32;
        for (long start = 0; start <= mel.shape[1]; start += FramesPerPush)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var last = start + FramesPerPush >= mel.shape[1];
            var piece = stream.Push(mel.narrow(1, start, Math.Min(FramesPerPush, mel.shape[1] - start)));
            if (last)
            {
                piece = cat([piece, stream.Complete()], dim: 1);
            }

            piece = piece.to(ScalarType.Float32, CPU);
            var kept = piece.narrow(1, 0, Math.Max(0, Math.Min(piece.shape[1], length - offset)));
            if (kept.shape[1] > 0)
            {
                chunks.Report(new AudioChunk(offset, Enumerable.Range(0, (int)kept.shape[0]).Select(b => kept[b].data<float>().ToArray()).ToArray(),
                    _vocoder.SamplingRate, clock.Elapsed));
            }

            offset += piece.shape[1];
            pieces.Add(piece);
            if (last)
            {
                break;
            }
        }

        return cat(pieces, dim: 1);                                                                          // (B, samples)
    }
}
