using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Hubs;
using NextGpt.Realtime.Contracts.Primitives;
using NextGpt.Realtime.Contracts.Sessions;
using NextGpt.Realtime.Contracts.Turns;
using NextGpt.Realtime.Modeling.Media.Audio;
using NextGpt.Realtime.Modeling.Media.Images;

namespace NextGpt.Realtime.Server.Tests;

/// <summary>Input media uploaded as chunked client-to-server streams, then read by a turn (image+text->text, audio->text).</summary>
public sealed class UploadTests(KestrelServer server) : IClassFixture<KestrelServer>
{
    private const int ChunkBytes = 16 * 1024;

    [Fact]
    public async Task A_5_MB_image_uploads_in_chunks_and_becomes_a_projected_prompt_token()
    {
        await using var connection = await server.ConnectAsync();
        var session = await CreateSession(connection);
        var random = new Random(1);
        var pixels = new byte[1300 * 1300 * 3];
        random.NextBytes(pixels);
        var png = ImageEncoder.EncodePng(new RgbImage(1300, 1300, pixels));
        Assert.True(png.Length > 5_000_000);

        var receipt = await Upload(connection, session.SessionId, Modality.Image, MediaFormat.Png, png);
        var withImage = await Turn(connection, session.SessionId, "what do you see?", receipt.UploadId);
        var other = await CreateSession(connection);
        var plain = await Turn(connection, other.SessionId, "what do you see?");

        Assert.Equal(png.Length, receipt.ReceivedBytes);
        // The same first turn, plus <Img>, the projected token, </Img> and the legacy prompt's second BOS.
        Assert.Equal(Assert.IsType<TurnCompleted>(plain[^1]).PromptTokens + 4, Assert.IsType<TurnCompleted>(withImage[^1]).PromptTokens);
    }

    [Fact]
    public async Task Thirty_seconds_of_audio_upload_and_an_audio_turn_completes()
    {
        await using var connection = await server.ConnectAsync();
        var session = await CreateSession(connection);
        var samples = Enumerable.Range(0, 30 * 16000).Select(i => 0.3f * MathF.Sin(2 * MathF.PI * 440 * i / 16000)).ToArray();
        var wav = WavWriter.ToWav16(PcmAudio.Mono(16000, samples));

        var receipt = await Upload(connection, session.SessionId, Modality.Audio, MediaFormat.Wav, wav);
        var events = await Turn(connection, session.SessionId, "what is that noise?", receipt.UploadId);

        Assert.IsType<TurnCompleted>(events[^1]);
        var reused = await Turn(connection, session.SessionId, "again", receipt.UploadId);
        Assert.Equal(ErrorCode.NotFound, Assert.IsType<TurnFailed>(Assert.Single(reused)).Code);
    }

    [Fact]
    public async Task Corrupt_oversized_and_misaddressed_uploads_are_refused_with_codes()
    {
        await using var connection = await server.ConnectAsync();
        var session = await CreateSession(connection);
        var png = ImageEncoder.EncodePng(new RgbImage(64, 64, new byte[64 * 64 * 3]));

        var truncated = await Assert.ThrowsAsync<HubException>(() => Upload(connection, session.SessionId, Modality.Image, MediaFormat.Png, png[..(png.Length / 2)]));
        var lyingWav = WavWriter.ToWav16(PcmAudio.Mono(16000, new float[16000]));
        var lying = await Assert.ThrowsAsync<HubException>(() => Upload(connection, session.SessionId, Modality.Audio, MediaFormat.Wav, lyingWav[..100]));
        var tooLarge = await Assert.ThrowsAsync<HubException>(() =>
            connection.InvokeAsync<UploadReceipt>(NextGptHubMethods.Upload,
                new UploadHeader { SessionId = session.SessionId, Modality = Modality.Image, Format = MediaFormat.Png, TotalBytes = 1L << 40 },
                Chunks(png)));
        var unknown = await Assert.ThrowsAsync<HubException>(() => Upload(connection, "nope", Modality.Image, MediaFormat.Png, png));

        Assert.Contains("InvalidMedia", truncated.Message, StringComparison.Ordinal);
        Assert.Contains("InvalidMedia", lying.Message, StringComparison.Ordinal);
        Assert.Contains("TooLarge", tooLarge.Message, StringComparison.Ordinal);
        Assert.Contains("NotFound", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(HubConnectionState.Connected, connection.State);
    }

    private static async Task<UploadReceipt> Upload(HubConnection connection, string sessionId, Modality modality, MediaFormat format, byte[] bytes) =>
        await connection.InvokeAsync<UploadReceipt>(NextGptHubMethods.Upload,
            new UploadHeader { SessionId = sessionId, Modality = modality, Format = format, TotalBytes = bytes.Length }, Chunks(bytes));

    private static async IAsyncEnumerable<byte[]> Chunks(byte[] bytes, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var start = 0; start < bytes.Length; start += ChunkBytes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return bytes[start..Math.Min(bytes.Length, start + ChunkBytes)];
            await Task.Yield();
        }
    }

    private static async Task<SessionInfo> CreateSession(HubConnection connection) =>
        await connection.InvokeAsync<SessionInfo>(NextGptHubMethods.CreateSession, new CreateSessionRequest
        {
            Persona = new Persona { Name = "Brom", Role = "blacksmith", Traits = ["gruff"] },
            Settings = new SessionSettings { MaxTokens = 8, Seed = 3 },
        });

    private static async Task<List<TurnEvent>> Turn(HubConnection connection, string sessionId, string text, params string[] uploads)
    {
        var events = new List<TurnEvent>();
        await foreach (var e in connection.StreamAsync<TurnEvent>(NextGptHubMethods.StartTurn,
                           new TurnRequest { SessionId = sessionId, Text = text, UploadIds = uploads }))
        {
            events.Add(e);
        }

        return events;
    }
}
