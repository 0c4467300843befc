using System.Buffers.Binary;
using System.Text;
using NextGpt.Realtime.Contracts.Events;

namespace NextGpt.Realtime.Server.Preview;

/// <summary>
/// A recorded stream laid out in time, ready to mux: the pictures (image previews, finished images, video frames) each
/// shown from its arrival until the next one, one mono PCM16 audio track on which every audio part starts where its
/// first chunk arrived and each chunk sits at its part's <see cref="AudioChunk.FirstSample"/> (so network jitter does
/// not stretch the sound), and the reply text as timed captions. Time 0 is the first recorded event.
/// </summary>
public sealed class RecordingTimeline
{
    /// <summary>The audio track's rate: the protocol's 16 kHz (chunks at other rates are resampled linearly).</summary>
    public const int AudioRate = 16000;

    // The last picture or caption stays this long after the last event, so a finished image can be seen.
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(1);

    private RecordingTimeline(IReadOnlyList<TimedPicture> pictures, short[] audio, IReadOnlyList<TimedCaption> captions, TimeSpan duration)
    {
        Pictures = pictures;
        Audio = audio;
        Captions = captions;
        Duration = duration;
    }

    /// <summary>PNG pictures in arrival order.</summary>
    public IReadOnlyList<TimedPicture> Pictures { get; }

    /// <summary>The mixed audio track at <see cref="AudioRate"/>; empty when no audio was recorded.</summary>
    public short[] Audio { get; }

    public IReadOnlyList<TimedCaption> Captions { get; }

    public TimeSpan Duration { get; }

    /// <summary>The largest picture's width and height (0 x 0 without pictures), read from the PNG headers.</summary>
    public (int Width, int Height) LargestPicture =>
        Pictures.Aggregate((0, 0), (size, p) => (Math.Max(size.Item1, p.Width), Math.Max(size.Item2, p.Height)));

    /// <summary>Lays out <paramref name="recorded"/> (in any order: they are taken by arrival time, ties in list order).</summary>
    public static RecordingTimeline From(IReadOnlyList<TimedTurnEvent> recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        var events = recorded.OrderBy(e => e.At).ToList();
        if (events.Count == 0)
        {
            return new RecordingTimeline([], [], [], TimeSpan.Zero);
        }

        var origin = events[0].At;
        var pictures = new List<TimedPicture>();
        var captions = new List<TimedCaption>();
        var texts = new Dictionary<string, StringBuilder>(StringComparer.Ordinal);
        var audioParts = new Dictionary<(string Turn, int Part), long>();
        var placed = new List<(long Start, short[] Samples)>();
        var end = TimeSpan.Zero;
        foreach (var (arrival, turnEvent) in events)
        {
            var at = arrival - origin;
            end = at;
            switch (turnEvent)
            {
                case ImagePreview preview:
                    pictures.Add(TimedPicture.From(at, preview.Png));
                    break;
                case ImageCompleted image:
                    pictures.Add(TimedPicture.From(at, image.Png));
                    break;
                case VideoFrame frame:
                    pictures.Add(TimedPicture.From(at, frame.Png));
                    break;
                case AudioChunk chunk when chunk.Pcm16.Length >= 2 && chunk.SampleRate > 0:
                    var key = (chunk.TurnId, chunk.PartId);
                    if (!audioParts.TryGetValue(key, out var anchor))
                    {
                        // The part starts where its first chunk arrived, less that chunk's own offset within the part.
                        anchor = Math.Max(0, (long)(at.TotalSeconds * AudioRate) - Rescale(chunk.FirstSample, chunk.SampleRate));
                        audioParts[key] = anchor;
                    }

                    placed.Add((anchor + Rescale(chunk.FirstSample, chunk.SampleRate), Samples(chunk)));
                    break;
                case TextDelta delta:
                    if (!texts.TryGetValue(delta.TurnId, out var text))
                    {
                        texts[delta.TurnId] = text = new StringBuilder();
                    }

                    text.Append(delta.Text);
                    if (text.ToString().Trim() is { Length: > 0 } sofar)
                    {
                        captions.Add(new TimedCaption(at, Tail(sofar)));
                    }

                    break;
                default:
                    break;
            }
        }

        var audioLength = placed.Count == 0 ? 0 : placed.Max(p => p.Start + p.Samples.Length);
        var duration = TimeSpan.FromSeconds(Math.Max((end + Hold).TotalSeconds, audioLength / (double)AudioRate));
        return new RecordingTimeline(pictures, Mix(placed, audioLength), captions, duration);
    }

    // The last two lines' worth of a reply: a caption is read at a glance.
    private static string Tail(string text) => text.Length <= 160 ? text : "…" + text[^159..];

    private static long Rescale(long sample, int rate) => rate == AudioRate ? sample : sample * AudioRate / rate;

    // A chunk's samples at the track's rate (linear interpolation when the chunk has another rate).
    private static short[] Samples(AudioChunk chunk)
    {
        var source = new short[chunk.Pcm16.Length / 2];
        for (var i = 0; i < source.Length; i++)
        {
            source[i] = BinaryPrimitives.ReadInt16LittleEndian(chunk.Pcm16.AsSpan(2 * i));
        }

        if (chunk.SampleRate == AudioRate)
        {
            return source;
        }

        var length = (int)Math.Max(1, (long)source.Length * AudioRate / chunk.SampleRate);
        var resampled = new short[length];
        for (var i = 0; i < length; i++)
        {
            var position = i * (double)chunk.SampleRate / AudioRate;
            var left = Math.Min((int)position, source.Length - 1);
            var right = Math.Min(left + 1, source.Length - 1);
            var fraction = position - left;
            resampled[i] = (short)Math.Round((source[left] * (1 - fraction)) + (source[right] * fraction));
        }

        return resampled;
    }

    // Overlapping parts (two turns' sounds at once) add up, clipped to the 16-bit range.
    private static short[] Mix(List<(long Start, short[] Samples)> placed, long length)
    {
        var track = new int[length];
        foreach (var (start, samples) in placed)
        {
            for (var i = 0; i < samples.Length; i++)
            {
                track[start + i] += samples[i];
            }
        }

        return [.. track.Select(s => (short)Math.Clamp(s, short.MinValue, short.MaxValue))];
    }
}
