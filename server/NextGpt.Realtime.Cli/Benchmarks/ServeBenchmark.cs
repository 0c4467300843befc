using System.Diagnostics;
using MessagePack;
using MessagePack.Resolvers;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Hubs;
using NextGpt.Realtime.Contracts.Primitives;
using NextGpt.Realtime.Contracts.Serialization;
using NextGpt.Realtime.Contracts.Sessions;
using NextGpt.Realtime.Contracts.Turns;

namespace NextGpt.Realtime.Cli.Benchmarks;

/// <summary>
/// <c>nextgpt bench serve --config mixed|text|image|audio --url U --players N --iterations T</c>: N simulated players,
/// each with its own connection (SignalR, MessagePack) and NPC session, take T turns at once against a running server:
/// text replies, text to image, text to audio (mixed rotates them). Reports p50/p95 of time to first token, to first
/// image preview and to first audio chunk, the decode speed per reply, and the server's overhead per event: the
/// client's end-to-end time minus the server's own reported total (queue and model work), spread over the events.
/// </summary>
public sealed class ServeBenchmark : IRemoteBenchmark
{
    private static readonly MessagePackSerializerOptions Wire = MessagePackSerializerOptions.Standard
        .WithResolver(CompositeResolver.Create(ContractsResolver.Instance, StandardResolver.Instance));

    private static readonly string[] Kinds = ["text", "image", "audio"];

    public string Name => "serve";

    public string Description => "N simulated players against a running server (--url, --players): p50/p95 time to first token, " +
                                 "preview and audio chunk, tokens/s, server overhead per event.";

    public IReadOnlyList<string> Configs => ["mixed", "text", "image", "audio"];

    public void Run(string config, int iterations, TextWriter output) =>
        Run(config, iterations, IRemoteBenchmark.DefaultServer, IRemoteBenchmark.DefaultPlayers, null, output);

    public void Run(string config, int iterations, Uri server, int players, string? apiKey, TextWriter output) =>
        RunAsync(config, iterations, server, players, apiKey, output).GetAwaiter().GetResult();

    private static async Task RunAsync(string config, int iterations, Uri server, int players, string? apiKey, TextWriter output)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(players, 1);
        output.WriteLine($"serve {config}: {players} players x {iterations} turns against {server}");
        var connections = new List<HubConnection>();
        try
        {
            for (var p = 0; p < players; p++)
            {
                connections.Add(await ConnectAsync(server, apiKey));
            }

            var wall = Stopwatch.StartNew();
            var turns = await Task.WhenAll(connections.Select((connection, p) => PlayAsync(connection, p, config, iterations)));
            ServeReport.Write([.. turns.SelectMany(t => t)], wall.Elapsed, output);
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private static async Task<HubConnection> ConnectAsync(Uri server, string? apiKey)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server, NextGptHubRoutes.Path), options =>
            {
                if (apiKey is not null)
                {
                    options.AccessTokenProvider = () => Task.FromResult<string?>(apiKey);
                }
            })
            .AddMessagePackProtocol(options => options.SerializerOptions = Wire)
            .Build();
        try
        {
            await connection.StartAsync();
            return connection;
        }
        catch (HttpRequestException error)
        {
            await connection.DisposeAsync();
            throw new InvalidOperationException($"Could not connect to {server} ({error.Message}). Start a server first, for example " +
                "`dotnet run --project server/NextGpt.Realtime.Server`, or pass --url (and --api-key if it requires one).", error);
        }
    }

    // One player: a session of its own, then its turns one after another (a player waits for the NPC before speaking again).
    private static async Task<List<ServeTurnMeasurement>> PlayAsync(HubConnection connection, int player, string config, int iterations)
    {
        var playerId = $"player-{player}";
        var session = await connection.InvokeAsync<SessionInfo>(NextGptHubMethods.CreateSession, new CreateSessionRequest
        {
            Persona = new Persona { Name = $"Mira {player}", Role = "innkeeper", Traits = ["cheerful"] },
            Settings = new SessionSettings { MaxTokens = 32, DiffusionSteps = 10, ImageWidth = 64, ImageHeight = 64, Seed = player + 1 },
            PlayerId = playerId,
        });
        var turns = new List<ServeTurnMeasurement>();
        for (var i = 0; i < iterations; i++)
        {
            var kind = config == "mixed" ? Kinds[(player + i) % Kinds.Length] : config;
            turns.Add(await TurnAsync(connection, Request(session.SessionId, playerId, kind), kind));
        }

        return turns;
    }

    private static TurnRequest Request(string sessionId, string playerId, string kind) => kind switch
    {
        "image" => new TurnRequest
        {
            SessionId = sessionId, PlayerId = playerId, Text = "draw me the harbour at dawn",
            AllowedOutputs = [Modality.Image], RequiredOutputs = [Modality.Image],
        },
        "audio" => new TurnRequest
        {
            SessionId = sessionId, PlayerId = playerId, Text = "play the tavern bell",
            AllowedOutputs = [Modality.Audio], RequiredOutputs = [Modality.Audio],
        },
        _ => new TurnRequest { SessionId = sessionId, PlayerId = playerId, Text = "hello, who are you?", AllowedOutputs = [Modality.Text] },
    };

    private static async Task<ServeTurnMeasurement> TurnAsync(HubConnection connection, TurnRequest request, string kind)
    {
        var clock = Stopwatch.StartNew();
        double? firstToken = null, firstPreview = null, firstAudio = null;
        var events = 0;
        TurnEvent? last = null;
        try
        {
            await foreach (var turnEvent in connection.StreamAsync<TurnEvent>(NextGptHubMethods.StartTurn, request))
            {
                var now = clock.Elapsed.TotalMilliseconds;
                events++;
                last = turnEvent;
                switch (turnEvent)
                {
                    case TextDelta:
                        firstToken ??= now;
                        break;
                    case ImagePreview:
                        firstPreview ??= now;
                        break;
                    case AudioChunk:
                        firstAudio ??= now;
                        break;
                }
            }
        }
        catch (Exception error) when (error is HttpRequestException or InvalidOperationException or HubException)
        {
            return new ServeTurnMeasurement(kind, clock.Elapsed.TotalMilliseconds, null, null, null, events, 0, 0, 0, 0, error.Message);
        }

        var endToEnd = clock.Elapsed.TotalMilliseconds;
        if (last is not TurnCompleted { Cancelled: false } completed)
        {
            var error = last is TurnFailed failed ? $"{failed.Code}: {failed.Message}" : "the turn ended without TurnCompleted";
            return new ServeTurnMeasurement(kind, endToEnd, firstToken, firstPreview, firstAudio, events, 0, 0, 0, 0, error);
        }

        var stages = completed.StageMilliseconds;
        var decode = stages.GetValueOrDefault("llm") - stages.GetValueOrDefault("prefill");
        return new ServeTurnMeasurement(kind, endToEnd, firstToken, firstPreview, firstAudio, events, completed.GeneratedTokens,
            stages.GetValueOrDefault("total"), stages.GetValueOrDefault("queue"), decode);
    }
}
