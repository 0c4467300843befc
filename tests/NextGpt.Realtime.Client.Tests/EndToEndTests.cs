using NextGpt.Realtime.Client.Agents;
using NextGpt.Realtime.Client.Connection;
using NextGpt.Realtime.Client.Media.Imaging;
using NextGpt.Realtime.Client.Tests.Harness;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Primitives;
using NextGpt.Realtime.Contracts.Sessions;

namespace NextGpt.Realtime.Client.Tests;

/// <summary>The client against a real SignalR server (Kestrel, stock MessagePack protocol) hosting the scripted hub.</summary>
public sealed class EndToEndTests
{
    private static readonly Persona Brom = new() { Name = "Brom", Role = "blacksmith", Traits = ["gruff"] };

    [Fact]
    public async Task Turn_StreamsTextImageAndAudio_AsEventsAndResult()
    {
        await using var server = await TestServer.StartAsync();
        await using var connection = await ConnectAsync(server.Url);
        var npc = await connection.CreateNpcAsync(Brom);
        var texts = new List<string>();
        var previews = 0;
        npc.TextReceived += (_, delta) => texts.Add(delta.Text);
        npc.ImagePreviewReceived += (_, _) => previews++;

        var result = await npc.SayAsync("draw and sing");

        Assert.Equal(TurnStatus.Completed, result.Status);
        Assert.Equal(string.Concat(texts), result.Text);
        Assert.StartsWith("You said: draw and sing.", result.Text, StringComparison.Ordinal);
        Assert.Equal(3, previews);
        var image = result.Media.Single(m => m.Modality == Modality.Image);
        Assert.Equal((200, 200, 200, 255), PngDecoder.Decode(image.Png!)[3, 3]);
        Assert.Equal(TestImages.Tone(4800, 0), result.Media.Single(m => m.Modality == Modality.Audio).Pcm16);
        Assert.Equal(0, result.SequenceGaps);
        Assert.Equal(["Brom", "player"], npc.History.Select(m => m.Speaker == Speaker.Npc ? m.Name : "player").Reverse().ToArray());
    }

    [Fact]
    public async Task MixedInputs_AreUploadedInChunksUnderTheLimit_AndNamedInTheTurn()
    {
        await using var server = await TestServer.StartAsync();
        await using var connection = await ConnectAsync(server.Url);
        var npc = await connection.CreateNpcAsync(Brom);
        var png = PngEncoder.Encode(new RgbaImage(64, 64, Enumerable.Range(0, 64 * 64 * 4).Select(i => (byte)(i * 7)).ToArray()));
        var voice = new byte[100_000];
        new Random(1).NextBytes(voice);

        var result = await npc.StartTurn(TurnInput.Say("look").With(MediaInput.Image(png)).With(MediaInput.Pcm16(voice)));

        Assert.Contains($"2 uploads of {png.Length + voice.Length} bytes", result.Text, StringComparison.Ordinal);
        Assert.Contains(server.State.Uploads.Values, u => u.Bytes.SequenceEqual(voice) && u.Header.Format == MediaFormat.Pcm16);
        Assert.Contains(server.State.Uploads.Values, u => u.Bytes.SequenceEqual(png) && u.Header.Modality == Modality.Image);
        Assert.InRange(server.State.LargestChunk, 1, 16 * 1024);
    }

    [Fact]
    public async Task BargeIn_StopsTheTurn_TruncatesHistory_AndReportsWhatWasShown()
    {
        await using var server = await TestServer.StartAsync();
        await using var connection = await ConnectAsync(server.Url);
        var npc = await connection.CreateNpcAsync(Brom);
        var turn = npc.SayAsync("slow story");
        turn.Playback.Manual = true;
        while (turn.TextSoFar.Length < 40)
        {
            await Task.Delay(10);
        }

        turn.Playback.ReportTextShown(12);
        var result = await turn.CancelAsync();

        Assert.Equal(TurnStatus.Cancelled, result.Status);
        Assert.Equal(result.ReceivedText[..12], result.Text);
        Assert.True(result.Completed!.Cancelled);
        var report = Assert.Single(server.State.Reports);
        Assert.Equal((result.TurnId, 12), (report.TurnId, report.TextCharactersShown));
        Assert.True(npc.History[^1].Truncated);
        Assert.DoesNotContain("word59", result.ReceivedText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnumeratedTurn_EndsWithItsClosingEvent_AndANewTurnInterruptsTheOld()
    {
        await using var server = await TestServer.StartAsync();
        await using var connection = await ConnectAsync(server.Url);
        var npc = await connection.CreateNpcAsync(Brom);

        var first = npc.SayAsync("slow one");
        await Task.Delay(150);
        var events = new List<TurnEvent>();
        await foreach (var e in npc.SayAsync("quick two"))
        {
            events.Add(e);
        }

        Assert.Equal(TurnStatus.Cancelled, (await first).Status);
        Assert.IsType<TurnStarted>(events[0]);
        Assert.IsType<TurnCompleted>(events[^1]);
        Assert.Equal(Enumerable.Range(0, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
    }

    [Fact]
    public async Task SeveralNpcs_OnOneConnection_AndASecondPlayer_SeesTheGroupEvents()
    {
        await using var server = await TestServer.StartAsync();
        await using var host = await ConnectAsync(server.Url, "host");
        await using var guest = await ConnectAsync(server.Url, "guest");
        var brom = await host.CreateNpcAsync(Brom);
        var ada = await host.CreateNpcAsync(new Persona { Name = "Ada", Role = "bard" });
        var bromForGuest = await guest.JoinNpcAsync(brom.SessionId);
        var seen = new List<TurnEvent>();
        bromForGuest.GroupEventReceived += e =>
        {
            lock (seen)
            {
                seen.Add(e);
            }
        };

        var results = await Task.WhenAll(brom.SayAsync("hello Brom").Completion, ada.SayAsync("hello Ada").Completion);
        await WaitUntil(() => seen.OfType<TurnCompleted>().Any());

        Assert.Contains("hello Brom", results[0].Text, StringComparison.Ordinal);
        Assert.Contains("hello Ada", results[1].Text, StringComparison.Ordinal);
        Assert.Equal(results[0].Text, seen.OfType<TurnCompleted>().Single().Text);
        Assert.Equal(2, host.Agents.Count);
    }

    [Fact]
    public async Task ServerRestart_Reconnects_AndRecreatesTheSession()
    {
        var port = FreePort();
        var server = await TestServer.StartAsync(port);
        await using var connection = await ConnectAsync(server.Url);
        var npc = await connection.CreateNpcAsync(Brom);
        var oldSession = npc.SessionId;
        var states = new List<ConnectionState>();
        connection.StateChanged += change =>
        {
            lock (states)
            {
                states.Add(change.Current);
            }
        };

        await server.DisposeAsync();
        await WaitUntil(() => connection.State == ConnectionState.Reconnecting);
        await using var restarted = await TestServer.StartAsync(port);
        await WaitUntil(() => npc.SessionId != oldSession, seconds: 20);

        var result = await npc.SayAsync("still there?");
        Assert.Equal(TurnStatus.Completed, result.Status);
        Assert.Contains(ConnectionState.Reconnecting, states);
        Assert.Equal(ConnectionState.Connected, connection.State);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SpokenUtterance_BecomesAVoiceTurn_WithTheWholeUtteranceUploaded(bool streamWhileSpeaking)
    {
        await using var server = await TestServer.StartAsync();
        await using var connection = await ConnectAsync(server.Url);
        var npc = await connection.CreateNpcAsync(Brom);
        var capture = new Audio.VoiceCapture(mode: Audio.VoiceMode.PushToTalk);
        using var channel = new Audio.NpcVoiceChannel(capture, npc) { StreamWhileSpeaking = streamWhileSpeaking };
        var started = new TaskCompletionSource<NpcTurn>();
        channel.TurnStarted += turn => started.TrySetResult(turn);
        var speech = SpeechFixtures.Speak("Hello there");

        capture.BeginTalking();
        capture.Push(speech.Samples, 1, speech.SampleRate);
        capture.Flush();
        var result = await await started.Task;

        var bytes = (int)Math.Round(speech.Samples.Length * 16000.0 / speech.SampleRate) * 2;
        Assert.Contains($"1 uploads of {bytes} bytes", result.Text, StringComparison.Ordinal);
        var header = server.State.Uploads.Values.Single().Header;
        Assert.Equal(streamWhileSpeaking ? 30 * 16000 * 2 : bytes, header.TotalBytes);
        Assert.Equal(streamWhileSpeaking, header.Streamed);
    }

    [Fact]
    public async Task UnreachableServer_FailsWithAClearError_AfterTheRetryBudget()
    {
        var options = new NextGptClientOptions
        {
            ServerUrl = new Uri($"http://127.0.0.1:{FreePort()}"),
            ReconnectPolicy = new ExponentialBackoffPolicy(seed: 1) { GiveUpAfter = TimeSpan.FromMilliseconds(300), InitialDelay = TimeSpan.FromMilliseconds(50) },
        };
        await using var connection = new NextGptConnection(options);

        var error = await Assert.ThrowsAsync<NextGptConnectionException>(() => connection.ConnectAsync());

        Assert.Contains("Could not connect to http://127.0.0.1:", error.Message, StringComparison.Ordinal);
        Assert.Equal(ConnectionState.Disconnected, connection.State);
    }

    private static async Task<NextGptConnection> ConnectAsync(Uri url, string player = "p1")
    {
        var connection = new NextGptConnection(new NextGptClientOptions
        {
            ServerUrl = url,
            PlayerId = player,
            ReconnectPolicy = new ExponentialBackoffPolicy(seed: 3) { InitialDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromMilliseconds(500) },
        });
        await connection.ConnectAsync();
        return connection;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitUntil(Func<bool> condition, int seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for a condition.");
            await Task.Delay(20);
        }
    }
}
