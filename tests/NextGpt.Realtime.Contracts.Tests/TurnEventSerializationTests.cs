using MessagePack;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Primitives;

namespace NextGpt.Realtime.Contracts.Tests;

public sealed class TurnEventSerializationTests
{
    public static TheoryData<TurnEvent> Events() =>
    [
        new TurnStarted { TurnId = "t1", Sequence = 0, SessionId = "s1", QueueMilliseconds = 1.5 },
        new TextDelta { TurnId = "t1", Sequence = 1, Text = "Hello, traveller 🔥" },
        new MediaStarted { TurnId = "t1", PartId = 1, Sequence = 2, Modality = Modality.Video, Width = 64, Height = 64, FrameCount = 8, Rate = 4 },
        new ImagePreview { TurnId = "t1", PartId = 1, Sequence = 3, Step = 5, TotalSteps = 20, Png = [1, 2, 3] },
        new ImageCompleted { TurnId = "t1", PartId = 1, Sequence = 4, Png = [4, 5], Seed = 42 },
        new AudioChunk { TurnId = "t1", PartId = 2, Sequence = 5, FirstSample = 16000, Pcm16 = [0, 1, 2, 3] },
        new VideoFrame { TurnId = "t1", PartId = 3, Sequence = 6, FrameIndex = 7, TimestampMilliseconds = 1750, Png = [9] },
        new MediaCompleted { TurnId = "t1", PartId = 3, Sequence = 7, Modality = Modality.Video, Milliseconds = 900 },
        new TurnCompleted { TurnId = "t1", Sequence = 8, Text = "done", PromptTokens = 12, GeneratedTokens = 30, StageMilliseconds = new() { ["total"] = 10 } },
        new TurnFailed { TurnId = "t1", Sequence = 9, Code = ErrorCode.Busy, Message = "queue full", RetryAfterMilliseconds = 500 },
    ];

    [Theory]
    [MemberData(nameof(Events))]
    public void EveryEvent_RoundTripsThroughTheUnion(TurnEvent original)
    {
        var bytes = MessagePackSerializer.Serialize(original);
        var copy = MessagePackSerializer.Deserialize<TurnEvent>(bytes);

        Assert.IsType(original.GetType(), copy);
        Assert.Equal(MessagePackSerializer.SerializeToJson(original), MessagePackSerializer.SerializeToJson(copy));
    }

    [Fact]
    public void TextDelta_HasTheDocumentedWireShape()
    {
        var delta = new TextDelta { TurnId = "t", PartId = 0, Sequence = 3, Text = "hi" };

        var json = MessagePackSerializer.ConvertToJson(MessagePackSerializer.Serialize<TurnEvent>(delta));

        Assert.Equal("""[1,["t",0,3,"hi"]]""", json);
    }
}
