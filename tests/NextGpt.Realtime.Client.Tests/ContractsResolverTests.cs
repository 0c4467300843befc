using MessagePack;
using MessagePack.Resolvers;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Primitives;
using NextGpt.Realtime.Contracts.Serialization;
using NextGpt.Realtime.Contracts.Sessions;
using NextGpt.Realtime.Contracts.Turns;

namespace NextGpt.Realtime.Client.Tests;

/// <summary>The hand-written formatters must write exactly what MessagePack-CSharp's standard resolver writes.</summary>
public sealed class ContractsResolverTests
{
    private static readonly MessagePackSerializerOptions Standard = MessagePackSerializerOptions.Standard.WithResolver(StandardResolver.Instance);

    private static readonly Persona Brom = new() { Name = "Brom", Role = "blacksmith", Traits = ["gruff", "proud of his forge"], SpeakingStyle = "short" };

    private static readonly SessionSettings Settings = new()
    {
        AllowedOutputs = [Modality.Image, Modality.Audio],
        ImageWidth = 512,
        ImageHeight = 256,
        DiffusionSteps = 20,
        GuidanceScale = 7.5f,
        Seed = 1234567890123,
        MaxTokens = 300,
        Temperature = 0.7f,
    };

    [Fact]
    public void Sessions_MatchTheStandardResolverByteForByte()
    {
        AssertSameBytes(Brom);
        AssertSameBytes(new Persona { Name = "Nil style", SpeakingStyle = null });
        AssertSameBytes(Settings);
        AssertSameBytes(new SessionSettings { Seed = null });
        AssertSameBytes(new CreateSessionRequest { Persona = Brom, Settings = Settings, PlayerId = "p1" });
        AssertSameBytes(new SessionInfo { SessionId = "s1", Persona = Brom, Settings = Settings, TurnCount = 3 });
    }

    [Fact]
    public void Turns_MatchTheStandardResolverByteForByte()
    {
        AssertSameBytes(new UploadHeader { SessionId = "s", Modality = Modality.Audio, Format = MediaFormat.Pcm16, TotalBytes = 5_000_000_000, PlayerId = "p" });
        AssertSameBytes(new UploadReceipt { UploadId = "u", ReceivedBytes = 70000 });
        AssertSameBytes(new TurnRequest { SessionId = "s", Text = "héllo 🔥", UploadIds = ["a", "b"], PlayerId = "p", AllowedOutputs = [Modality.Text], RequiredOutputs = [Modality.Image, Modality.Audio] });
        AssertSameBytes(new PlaybackReport { SessionId = "s", TurnId = "t", TextCharactersShown = 17, CompletedPartIds = [1, 3] });
    }

    public static TheoryData<TurnEvent> Events() =>
    [
        new TurnStarted { TurnId = "t1", Sequence = 0, SessionId = "s1", QueueMilliseconds = 1.5 },
        new TextDelta { TurnId = "t1", Sequence = 1, Text = "Hello, traveller 🔥" },
        new MediaStarted { TurnId = "t1", PartId = 1, Sequence = 2, Modality = Modality.Video, Width = 64, Height = 64, FrameCount = 8, Rate = 4 },
        new ImagePreview { TurnId = "t1", PartId = 1, Sequence = 3, Step = 5, TotalSteps = 20, Png = [1, 2, 3] },
        new ImageCompleted { TurnId = "t1", PartId = 1, Sequence = 4, Png = new byte[70000], Seed = -42 },
        new AudioChunk { TurnId = "t1", PartId = 2, Sequence = 5, FirstSample = 16000, Pcm16 = [0, 1, 2, 3] },
        new VideoFrame { TurnId = "t1", PartId = 3, Sequence = 6, FrameIndex = 7, TimestampMilliseconds = 1750, Png = [9] },
        new MediaCompleted { TurnId = "t1", PartId = 3, Sequence = 7, Modality = Modality.Video, Milliseconds = 900 },
        new TurnCompleted { TurnId = "t1", Sequence = 8, Text = "done", PromptTokens = 12, GeneratedTokens = 30, StageMilliseconds = new() { ["total"] = 10, ["decode"] = 2.5 }, Cancelled = true },
        new TurnFailed { TurnId = "t1", Sequence = 9, Code = ErrorCode.Busy, Message = "queue full", RetryAfterMilliseconds = 500 },
    ];

    [Theory]
    [MemberData(nameof(Events))]
    public void TurnEvents_MatchTheStandardUnionAndRoundTrip(TurnEvent original)
    {
        var ours = MessagePackSerializer.Serialize(original, ContractsResolver.Options);
        var theirs = MessagePackSerializer.Serialize(original, Standard);
        Assert.Equal(theirs, ours);

        var copy = MessagePackSerializer.Deserialize<TurnEvent>(ours, ContractsResolver.Options);
        Assert.IsType(original.GetType(), copy);
        Assert.Equal(MessagePackSerializer.SerializeToJson(original, Standard), MessagePackSerializer.SerializeToJson(copy, Standard));
    }

    [Fact]
    public void ConcreteEventTypes_AreWrittenInTheUnionForm()
    {
        // SignalR serializes a stream item by its runtime type; the union tag must survive that.
        var delta = new TextDelta { TurnId = "t", PartId = 0, Sequence = 3, Text = "hi" };

        var json = MessagePackSerializer.ConvertToJson(MessagePackSerializer.Serialize(delta, ContractsResolver.Options));

        Assert.Equal("""[1,["t",0,3,"hi"]]""", json);
    }

    [Fact]
    public void ShorterAndLongerArrays_AreTolerated()
    {
        // An older peer omits trailing fields; a newer one adds some.
        var shorter = MessagePackSerializer.Deserialize<Persona>(MessagePackSerializer.ConvertFromJson("""["Brom","smith"]"""), ContractsResolver.Options)!;
        var longer = MessagePackSerializer.Deserialize<UploadReceipt>(MessagePackSerializer.ConvertFromJson("""["u",5,"future",[1,2]]"""), ContractsResolver.Options)!;

        Assert.Equal(("Brom", "smith", 0), (shorter.Name, shorter.Role, shorter.Traits.Length));
        Assert.Equal(("u", 5L), (longer.UploadId, longer.ReceivedBytes));
    }

    [Fact]
    public void UnknownUnionTag_FailsWithAClearMessage()
    {
        var bytes = MessagePackSerializer.ConvertFromJson("""[42,["t",0,0]]""");

        var error = Assert.Throws<MessagePackSerializationException>(() => MessagePackSerializer.Deserialize<TurnEvent>(bytes, ContractsResolver.Options));

        Assert.Contains("tag 42", error.ToString(), StringComparison.Ordinal);
    }

    private static void AssertSameBytes<T>(T value)
    {
        var ours = MessagePackSerializer.Serialize(value, ContractsResolver.Options);
        Assert.Equal(MessagePackSerializer.Serialize(value, Standard), ours);
        var copy = MessagePackSerializer.Deserialize<T>(ours, ContractsResolver.Options);
        Assert.Equal(ours, MessagePackSerializer.Serialize(copy, ContractsResolver.Options));
    }
}
