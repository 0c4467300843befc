using NextGpt.Realtime.Modeling.Media;
using NextGpt.Realtime.Modeling.Media.Audio;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Encoders.ImageBind.Preprocessing;

/// <summary>
/// ImageBind's audio transform (<c>data.py load_and_transform_audio_data</c> with its defaults): resample to 16 kHz,
/// three 2 s clips evenly spaced (<see cref="ConstantClipsPerVideoSampler"/>), per clip <c>waveform -= mean</c>, Kaldi
/// fbank (128 mel bins) of channel 0, transpose to (128, frames), zero-pad or crop to 204 frames, normalise with
/// mean -4.268 and std 9.138. Gives (3, 1, 128, 204); stack several for the encoder's (B, 3, 1, 128, 204).
/// </summary>
/// <remarks>
/// Reproduced as the reference runs it, quirks included: the mean removed is over all channels of the clip while fbank
/// reads channel 0 (torchaudio's <c>channel=-1</c> means channel 0), and the removal is in place on a view of the
/// whole waveform, so where clips overlap (audio shorter than 6 s) a later clip sees samples an earlier clip already
/// shifted. A clip with fewer than 400 samples (25 ms) has no fbank frame, where the reference fails with a division by
/// zero; here it is a <see cref="MediaFormatException"/>.
/// </remarks>
public static class ImageBindAudioTransform
{
    public const int SampleRate = 16000;
    public const int MelBins = 128;
    public const int TargetLength = 204;
    public const float Mean = -4.268f;
    public const float Std = 9.138f;

    private static readonly ConstantClipsPerVideoSampler Sampler = new(clipDuration: 2, clipsPerVideo: 3);

    public static Tensor Apply(PcmAudio audio)
    {
        ArgumentNullException.ThrowIfNull(audio);
        using var scope = NewDisposeScope();
        var waveform = AudioResampler.Resample(audio.ToTensor(), audio.SampleRate, SampleRate);    // (C, N) at 16 kHz
        var length = waveform.shape[1];
        var clips = new List<Tensor>();
        foreach (var (begin, end) in Sampler.SampleRanges(length, SampleRate))
        {
            var clip = waveform[.., (int)Math.Min(begin, length)..(int)Math.Min(end, length)];     // a view, as Python slicing
            if (clip.shape[1] < 400)
            {
                throw new MediaFormatException(
                    $"The audio is {length} samples at 16 kHz ({length / 16.0:F1} ms); ImageBind needs at least 25 ms (one fbank frame) per clip.");
            }

            clip.sub_(clip.mean());                                                                // in place: shows in overlapping clips
            clips.Add(MelSpectrogram(clip[0]));
        }

        return stack(clips).MoveToOuterDisposeScope();                                             // (3, 1, 128, 204)
    }

    /// <summary>(samples) of one mean-removed clip -> (1, 128, 204): fbank, transpose, pad/crop, normalise.</summary>
    public static Tensor MelSpectrogram(Tensor clip)
    {
        using var scope = NewDisposeScope();
        var fbank = KaldiFbank.Compute(clip, SampleRate, MelBins).transpose(0, 1);                 // (frames, 128) -> (128, frames)
        var padding = TargetLength - fbank.shape[1];
        fbank = padding > 0
            ? nn.functional.pad(fbank, [0, padding])
            : fbank[.., ..TargetLength];                                                           // (128, 204)
        return fbank.unsqueeze(0).sub(Mean).div(Std).MoveToOuterDisposeScope();                   // (1, 128, 204)
    }
}
