using NextGpt.Realtime.Client.Agents;
using NextGpt.Realtime.Client.Connection;
using NextGpt.Realtime.Client.Media.Imaging;
using NextGpt.Realtime.Client.Tests.Harness;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Primitives;
using NextGpt.Realtime.Contracts.Sessions;

namespace NextGpt.Realtime.Client.Tests;

/// <summary>
/// The client against the real NextGpt.Realtime.Server process (serving its default model; without trained weights the
/// reply text is noise, so these tests check the protocol, streaming and recovery, not what the NPC says).
/// </summary>
public sealed class RealServerTests
{
    private static readonly SessionSettings Fast = new() { MaxTokens = 8, DiffusionSteps = 4, ImageWidth = 64, ImageHeight = 64, Seed = 7 };

    [Fact]
    public async Task RequiredImageTurn_StreamsToTheEnd_AndThePngDecodes()
    {
        await using var server = await ServerProcess.StartAsync(FreePort());
        await using var connection = await ConnectAsync(server.Url);
        var npc = await connection.CreateNpcAsync(new Persona { Name = "Brom", Role = "blacksmith" }, Fast);
        var events = new List<TurnEvent>();

        var turn = npc.StartTurn(TurnInput.Say("draw me a red circle").Require(Modality.Image));
        await foreach (var e in turn)
        {
            events.Add(e);
        }

        var result = await turn;
        Assert.Equal(TurnStatus.Completed, result.Status);
        Assert.IsType<TurnStarted>(events[0]);
        Assert.IsType<TurnCompleted>(events[^1]);
        Assert.Equal(Enumerable.Range(0, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        var image = PngDecoder.Decode(result.Media.Single(m => m.Modality == Modality.Image).Png!);
        Assert.Equal((64, 64), (image.Width, image.Height));
    }

    [Fact]
    public async Task VoiceAndScreenshot_AreUploadedInChunks_AndNamedInATurn()
    {
        await using var server = await ServerProcess.StartAsync(FreePort());
        await using var connection = await ConnectAsync(server.Url);
        var npc = await connection.CreateNpcAsync(new Persona { Name = "Brom", Role = "blacksmith" }, Fast);
        var speech = SpeechFixtures.Speak("What is this");
        var voice = Audio.AudioConvert.FloatToPcm16(Audio.Resampler.Resample(speech.Samples, speech.SampleRate, 16000));
        var screenshot = PngEncoder.EncodeFrame(new byte[96 * 64 * 3], 96, 64, PixelLayout.Rgb24, RowOrder.BottomUp);

        var voiceReceipt = await npc.UploadAsync(Modality.Audio, MediaFormat.Pcm16, voice);
        var imageReceipt = await npc.UploadAsync(Modality.Image, MediaFormat.Png, screenshot);
        var turn = await npc.StartTurn(TurnInput.Say("look").With(MediaInput.Image(screenshot)));

        Assert.Equal(voice.Length, voiceReceipt.ReceivedBytes);
        Assert.Equal(screenshot.Length, imageReceipt.ReceivedBytes);
        Assert.NotEqual(voiceReceipt.UploadId, imageReceipt.UploadId);
        // The served model may not read media yet; then the turn is refused with a code, never a broken stream.
        Assert.True(turn.Status == TurnStatus.Completed || turn.Failed?.Code == ErrorCode.InvalidArgument, turn.ToString());
    }

    [Fact]
    public async Task SpokenUtterance_IsStreamedWhileThePlayerSpeaks_AndTheRealServerAnswersTheVoiceTurn()
    {
        await using var server = await ServerProcess.StartAsync(FreePort());
        await using var connection = await ConnectAsync(server.Url);
        var npc = await connection.CreateNpcAsync(new Persona { Name = "Brom", Role = "blacksmith" }, Fast);
        var capture = new Audio.VoiceCapture(mode: Audio.VoiceMode.PushToTalk) { ChunkBytes = 4096 };
        using var channel = new Audio.NpcVoiceChannel(capture, npc);
        var started = new TaskCompletionSource<NpcTurn>();
        channel.TurnStarted += turn => started.TrySetResult(turn);
        var speech = SpeechFixtures.Speak("Hello there, smith");
        var piece = speech.SampleRate / 10;

        // 100 ms of microphone at a time: the streamed upload is under way while the player still speaks.
        capture.BeginTalking();
        for (var offset = 0; offset < speech.Samples.Length; offset += piece)
        {
            capture.Push(speech.Samples.AsSpan(offset, Math.Min(piece, speech.Samples.Length - offset)), 1, speech.SampleRate);
            await Task.Delay(2);
        }

        capture.EndTalking();
        var result = await (await started.Task.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.True(channel.StreamWhileSpeaking);
        Assert.True(result.Status == TurnStatus.Completed, result.ToString());
    }

    [Fact]
    public async Task ServerRestart_TheClientReconnects_RecreatesTheSession_AndTalksAgain()
    {
        var port = FreePort();
        var server = await ServerProcess.StartAsync(port);
        await using var connection = await ConnectAsync(server.Url);
        var npc = await connection.CreateNpcAsync(new Persona { Name = "Ada", Role = "bard" }, Fast);
        Assert.Equal(TurnStatus.Completed, (await npc.SayAsync("hello")).Status);
        var before = npc.SessionId;

        await server.DisposeAsync();
        await using var restarted = await ServerProcess.StartAsync(port);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (npc.SessionId == before)
        {
            Assert.True(DateTime.UtcNow < deadline, $"No session recovery; connection is {connection.State}.");
            await Task.Delay(100);
        }

        Assert.Equal(TurnStatus.Completed, (await npc.SayAsync("hello again")).Status);
    }

    private static async Task<NextGptConnection> ConnectAsync(Uri url)
    {
        var connection = new NextGptConnection(new NextGptClientOptions
        {
            ServerUrl = url,
            ReconnectPolicy = new ExponentialBackoffPolicy(seed: 2) { InitialDelay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromSeconds(1) },
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
}
