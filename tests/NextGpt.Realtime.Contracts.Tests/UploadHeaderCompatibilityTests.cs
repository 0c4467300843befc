using MessagePack;
using MessagePack.Resolvers;
using NextGpt.Realtime.Contracts.Primitives;
using NextGpt.Realtime.Contracts.Serialization;
using NextGpt.Realtime.Contracts.Sessions;
using NextGpt.Realtime.Contracts.Turns;

namespace NextGpt.Realtime.Contracts.Tests;

/// <summary>
/// Fields added to the contracts (UploadHeader.Streamed, SessionSettings.VideoFrames) keep old peers working: an older
/// client's shorter array reads with the new field at its default, and a newer message carries it at its key.
/// </summary>
public sealed class UploadHeaderCompatibilityTests
{
    private static readonly MessagePackSerializerOptions Wire = MessagePackSerializerOptions.Standard
        .WithResolver(CompositeResolver.Create(ContractsResolver.Instance, StandardResolver.Instance));

    [Fact]
    public void A_header_from_a_client_that_predates_streamed_uploads_reads_as_an_exact_length_upload()
    {
        // [sessionId, modality, format, totalBytes, playerId]: the five fields such a client sends.
        var old = MessagePackSerializer.ConvertFromJson("""["s1",2,3,32000,"ada"]""");

        var header = MessagePackSerializer.Deserialize<UploadHeader>(old, Wire);

        Assert.Equal(("s1", Modality.Audio, MediaFormat.Pcm16, 32000L, "ada", false),
            (header.SessionId, header.Modality, header.Format, header.TotalBytes, header.PlayerId, header.Streamed));
    }

    [Fact]
    public void A_streamed_header_carries_the_flag_at_key_5()
    {
        var header = new UploadHeader { SessionId = "s1", Modality = Modality.Audio, Format = MediaFormat.Pcm16, Streamed = true };

        var json = MessagePackSerializer.ConvertToJson(MessagePackSerializer.Serialize(header, Wire));

        Assert.Equal("""["s1",2,3,0,"",true]""", json);
        Assert.True(MessagePackSerializer.Deserialize<UploadHeader>(MessagePackSerializer.Serialize(header, Wire), Wire)!.Streamed);
    }

    [Fact]
    public void Session_settings_carry_video_frames_at_key_8_and_older_ones_read_as_the_default()
    {
        var settings = new SessionSettings { ImageWidth = 64, VideoFrames = 6 };
        var old = MessagePackSerializer.ConvertFromJson("""[[],64,0,0,0.0,null,0,0.0]""");

        var copy = MessagePackSerializer.Deserialize<SessionSettings>(MessagePackSerializer.Serialize(settings, Wire), Wire)!;
        var fromOld = MessagePackSerializer.Deserialize<SessionSettings>(old, Wire)!;

        Assert.Equal((64, 6), (copy.ImageWidth, copy.VideoFrames));
        Assert.Equal((64, 0), (fromOld.ImageWidth, fromOld.VideoFrames));
    }
}
