using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Hubs;
using NextGpt.Realtime.Contracts.Primitives;
using NextGpt.Realtime.Contracts.Turns;
using NextGpt.Realtime.Modeling.Media.Images;

namespace NextGpt.Realtime.Server.Tests;

/// <summary>Inputs larger than SignalR's 32 KiB default travel as chunked client-to-server streams, within limits.</summary>
public sealed class UploadTests(KestrelServer server) : IClassFixture<KestrelServer>
{
    [Fact]
    public async Task A_5_MB_image_uploads_in_chunks_and_is_decoded()
    {
        await using var connection = await server.ConnectAsync();
        var session = await connection.CreateSession();
        var png = NoisePng(1400, 1400);
        Assert.True(png.Length > 5_000_000, $"the test image has {png.Length} bytes");

        var receipt = await connection.Upload(new UploadHeader
        {
            SessionId = session.SessionId, Modality = Modality.Image, Format = MediaFormat.Png, TotalBytes = png.Length, PlayerId = "ada",
        }, png);

        Assert.Equal(png.Length, receipt.ReceivedBytes);
        var stored = server.Session(session.SessionId).Uploads.Find(receipt.UploadId);
        Assert.NotNull(stored);
        Assert.Equal((1400, 1400, "ada"), (stored.Image!.Width, stored.Image.Height, stored.PlayerId));
    }

    [Fact]
    public async Task Thirty_seconds_of_voice_upload_as_pcm16()
    {
        await using var connection = await server.ConnectAsync();
        var session = await connection.CreateSession();
        var pcm = new byte[30 * 16000 * 2];
        new Random(1).NextBytes(pcm);

        var receipt = await connection.Upload(new UploadHeader
        {
            SessionId = session.SessionId, Modality = Modality.Audio, Format = MediaFormat.Pcm16, TotalBytes = pcm.Length,
        }, pcm);

        var stored = server.Session(session.SessionId).Uploads.Find(receipt.UploadId);
        Assert.Equal(30.0, stored!.Audio!.DurationSeconds, 3);
    }

    [Fact]
    public async Task Bad_uploads_are_refused_with_their_code_and_the_connection_stays_usable()
    {
        await using var connection = await server.ConnectAsync();
        var session = await connection.CreateSession();
        var corrupt = new byte[100_000];
        new Random(2).NextBytes(corrupt);

        var tooLarge = await Assert.ThrowsAsync<HubException>(() => connection.Upload(new UploadHeader
        {
            SessionId = session.SessionId, Modality = Modality.Image, Format = MediaFormat.Png, TotalBytes = 50_000_000,
        }, corrupt));
        var garbage = await Assert.ThrowsAsync<HubException>(() => connection.Upload(new UploadHeader
        {
            SessionId = session.SessionId, Modality = Modality.Image, Format = MediaFormat.Png, TotalBytes = corrupt.Length,
        }, corrupt));
        var lying = await Assert.ThrowsAsync<HubException>(() => connection.Upload(new UploadHeader
        {
            SessionId = session.SessionId, Modality = Modality.Image, Format = MediaFormat.Png, TotalBytes = 10,
        }, corrupt));
        var wrongFormat = await Assert.ThrowsAsync<HubException>(() => connection.Upload(new UploadHeader
        {
            SessionId = session.SessionId, Modality = Modality.Image, Format = MediaFormat.Wav, TotalBytes = corrupt.Length,
        }, corrupt));
        var noSession = await Assert.ThrowsAsync<HubException>(() => connection.Upload(new UploadHeader
        {
            SessionId = "missing", Modality = Modality.Image, Format = MediaFormat.Png, TotalBytes = corrupt.Length,
        }, corrupt));

        Assert.Contains("TooLarge:", tooLarge.Message, StringComparison.Ordinal);
        Assert.Contains("InvalidMedia:", garbage.Message, StringComparison.Ordinal);
        Assert.Contains("TooLarge:", lying.Message, StringComparison.Ordinal);
        Assert.Contains("InvalidArgument:", wrongFormat.Message, StringComparison.Ordinal);
        Assert.Contains("NotFound:", noSession.Message, StringComparison.Ordinal);
        var after = await connection.Collect(new TurnRequest { SessionId = session.SessionId, Text = "still there?", AllowedOutputs = [Modality.Text] });
        Assert.IsType<TurnCompleted>(after[^1]);
    }

    [Fact]
    public async Task An_uploaded_image_is_read_through_imagebind_into_the_prompt_and_unknown_uploads_are_refused()
    {
        await using var connection = await server.ConnectAsync();
        var session = await connection.CreateSession();
        var plainSession = await connection.CreateSession();
        var png = ImageEncoder.EncodePng(new RgbImage(8, 8, new byte[8 * 8 * 3]));
        var receipt = await connection.Upload(new UploadHeader
        {
            SessionId = session.SessionId, Modality = Modality.Image, Format = MediaFormat.Png, TotalBytes = png.Length,
        }, png);

        var events = await connection.Collect(new TurnRequest { SessionId = session.SessionId, Text = "what is this?", UploadIds = [receipt.UploadId] });
        var plain = await connection.Collect(new TurnRequest { SessionId = plainSession.SessionId, Text = "what is this?" });
        var unknown = await connection.Collect(new TurnRequest { SessionId = session.SessionId, Text = "and this?", UploadIds = ["nope"] });

        // The same first turn plus <Img>, the projected ImageBind token, </Img> and the legacy prompt's second BOS.
        Assert.Equal(Assert.IsType<TurnCompleted>(plain[^1]).PromptTokens + 4, Assert.IsType<TurnCompleted>(events[^1]).PromptTokens);
        Assert.Equal(ErrorCode.NotFound, Assert.IsType<TurnFailed>(Assert.Single(unknown)).Code);
    }

    [Fact]
    public async Task Voice_streamed_while_the_player_speaks_needs_no_length_and_feeds_the_next_turn()
    {
        await using var connection = await server.ConnectAsync();
        var session = await connection.CreateSession();
        var speech = new System.Threading.Channels.UnboundedChannelOptions { SingleReader = true };
        var microphone = System.Threading.Channels.Channel.CreateUnbounded<byte[]>(speech);

        // The upload starts before any voice exists; 100 ms pieces follow as they are "recorded", and the client's stream
        // completion, not a byte count, ends it.
        var upload = connection.InvokeAsync<UploadReceipt>(NextGptHubMethods.Upload, new UploadHeader
        {
            SessionId = session.SessionId, Modality = Modality.Audio, Format = MediaFormat.Pcm16, Streamed = true, PlayerId = "ada",
        }, microphone.Reader.ReadAllAsync());
        var random = new Random(4);
        for (var piece = 0; piece < 23; piece++)
        {
            var pcm = new byte[1600 * 2];
            random.NextBytes(pcm);
            await microphone.Writer.WriteAsync(pcm);
            await Task.Delay(5);
        }

        Assert.False(upload.IsCompleted);
        microphone.Writer.Complete();
        var receipt = await upload;

        Assert.Equal(23 * 1600 * 2, receipt.ReceivedBytes);
        var stored = server.Session(session.SessionId).Uploads.Find(receipt.UploadId);
        Assert.Equal((2.3, "ada"), (Math.Round(stored!.Audio!.DurationSeconds, 3), stored.PlayerId));
        // The voice alone is the turn (no typed text), as the client's voice channel sends it.
        var events = await connection.Collect(new TurnRequest
        {
            SessionId = session.SessionId, Text = "", UploadIds = [receipt.UploadId], PlayerId = "ada", AllowedOutputs = [Modality.Text],
        });
        Assert.False(Assert.IsType<TurnCompleted>(events[^1]).Cancelled);
    }

    [Fact]
    public async Task A_streamed_upload_is_held_to_its_bound_and_an_ordinary_one_to_its_exact_length()
    {
        await using var connection = await server.ConnectAsync();
        var session = await connection.CreateSession();
        var pcm = new byte[4000];

        var overBound = await Assert.ThrowsAsync<HubException>(() => connection.Upload(new UploadHeader
        {
            SessionId = session.SessionId, Modality = Modality.Audio, Format = MediaFormat.Pcm16, Streamed = true, TotalBytes = 3000,
        }, pcm, chunkBytes: 1000));
        var empty = await Assert.ThrowsAsync<HubException>(() => connection.Upload(new UploadHeader
        {
            SessionId = session.SessionId, Modality = Modality.Audio, Format = MediaFormat.Pcm16, Streamed = true,
        }, []));
        var incomplete = await Assert.ThrowsAsync<HubException>(() => connection.Upload(new UploadHeader
        {
            SessionId = session.SessionId, Modality = Modality.Audio, Format = MediaFormat.Pcm16, TotalBytes = 8000,
        }, pcm));
        var unannounced = await Assert.ThrowsAsync<HubException>(() => connection.Upload(new UploadHeader
        {
            SessionId = session.SessionId, Modality = Modality.Audio, Format = MediaFormat.Pcm16,
        }, pcm));
        var withinBound = await connection.Upload(new UploadHeader
        {
            SessionId = session.SessionId, Modality = Modality.Audio, Format = MediaFormat.Pcm16, Streamed = true, TotalBytes = 8000,
        }, pcm);

        Assert.Contains("TooLarge:", overBound.Message, StringComparison.Ordinal);
        Assert.Contains("InvalidArgument:", empty.Message, StringComparison.Ordinal);
        Assert.Contains("InvalidArgument:", incomplete.Message, StringComparison.Ordinal);
        Assert.Contains("InvalidArgument:", unannounced.Message, StringComparison.Ordinal);
        Assert.Equal(4000, withinBound.ReceivedBytes);
    }

    // Random pixels do not compress, so a 1400 x 1400 RGB PNG is about 5.9 MB.
    private static byte[] NoisePng(int width, int height)
    {
        var pixels = new byte[width * height * 3];
        new Random(3).NextBytes(pixels);
        return ImageEncoder.EncodePng(new RgbImage(width, height, pixels));
    }
}
