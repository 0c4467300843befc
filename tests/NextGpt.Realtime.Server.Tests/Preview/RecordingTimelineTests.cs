using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Modeling.Media.Images;
using NextGpt.Realtime.Server.Preview;

namespace NextGpt.Realtime.Server.Tests.Preview;

/// <summary>How a recorded stream is laid out in time before it is muxed: pictures, the audio track and the captions.</summary>
public sealed class RecordingTimelineTests
{
    [Fact]
    public void Audio_parts_start_at_their_first_chunk_and_chunks_sit_at_their_sample_index_not_their_arrival()
    {
        // Chunk 2 arrives late (network jitter): it must still follow chunk 1 seamlessly.
        var timeline = RecordingTimeline.From(
        [
            At(0.0, new TurnStarted { TurnId = "t" }),
            At(0.5, Chunk("t", 1, first: 0, samples: 1600, value: 1000)),
            At(1.9, Chunk("t", 1, first: 1600, samples: 1600, value: 2000)),
            At(2.0, new TurnCompleted { TurnId = "t" }),
        ]);

        Assert.Equal(8000 + 3200, timeline.Audio.Length);
        Assert.All(timeline.Audio[..8000], s => Assert.Equal(0, s));
        Assert.All(timeline.Audio[8000..9600], s => Assert.Equal(1000, s));
        Assert.All(timeline.Audio[9600..], s => Assert.Equal(2000, s));
        Assert.Equal(3.0, timeline.Duration.TotalSeconds, 3);     // the last event plus the one-second hold
    }

    [Fact]
    public void Overlapping_sounds_mix_and_clip_and_other_rates_are_resampled_to_16_kHz()
    {
        var timeline = RecordingTimeline.From(
        [
            At(0, Chunk("a", 1, first: 0, samples: 1600, value: 30000)),
            At(0, Chunk("b", 1, first: 0, samples: 800, value: 30000, rate: 8000)),
        ]);

        Assert.Equal(1600, timeline.Audio.Length);
        Assert.All(timeline.Audio, s => Assert.Equal(short.MaxValue, s));
    }

    [Fact]
    public void Pictures_keep_their_arrival_times_and_sizes_and_captions_grow_with_the_text()
    {
        var small = ImageEncoder.EncodePng(new RgbImage(64, 48, new byte[64 * 48 * 3]));
        var large = ImageEncoder.EncodePng(new RgbImage(128, 96, new byte[128 * 96 * 3]));
        var timeline = RecordingTimeline.From(
        [
            At(10.0, new TextDelta { TurnId = "t", Text = " " }),
            At(10.2, new TextDelta { TurnId = "t", Text = "Hello" }),
            At(10.4, new ImagePreview { TurnId = "t", PartId = 1, Png = small }),
            At(10.9, new TextDelta { TurnId = "t", Text = " there" }),
            At(11.0, new ImageCompleted { TurnId = "t", PartId = 1, Png = large }),
        ]);

        Assert.Equal([0.4, 1.0], timeline.Pictures.Select(p => Math.Round(p.At.TotalSeconds, 3)));
        Assert.Equal((128, 96), timeline.LargestPicture);
        Assert.Equal([(0.2, "Hello"), (0.9, "Hello there")], timeline.Captions.Select(c => (Math.Round(c.At.TotalSeconds, 3), c.Text)));
        Assert.Empty(timeline.Audio);
        Assert.Equal(2.0, timeline.Duration.TotalSeconds, 3);
    }

    [Fact]
    public void A_picture_that_is_not_a_png_is_refused_with_its_time()
    {
        var error = Assert.Throws<InvalidDataException>(() => RecordingTimeline.From([At(1.0, new TurnStarted()), At(1.25, new VideoFrame { Png = [1, 2, 3] })]));

        Assert.Contains("0.250 s", error.Message, StringComparison.Ordinal);
    }

    private static TimedTurnEvent At(double seconds, TurnEvent turnEvent) => new(TimeSpan.FromSeconds(seconds), turnEvent);

    private static AudioChunk Chunk(string turn, int part, long first, int samples, short value, int rate = 16000)
    {
        var pcm = new byte[samples * 2];
        for (var i = 0; i < samples; i++)
        {
            pcm[2 * i] = (byte)value;
            pcm[(2 * i) + 1] = (byte)(value >> 8);
        }

        return new AudioChunk { TurnId = turn, PartId = part, FirstSample = first, SampleRate = rate, Pcm16 = pcm };
    }
}
