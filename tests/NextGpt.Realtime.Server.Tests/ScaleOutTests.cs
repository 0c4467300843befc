using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Hubs;
using NextGpt.Realtime.Contracts.Primitives;
using NextGpt.Realtime.Contracts.Sessions;
using NextGpt.Realtime.Contracts.Turns;
using NextGpt.Realtime.Server.Hubs;

namespace NextGpt.Realtime.Server.Tests;

/// <summary>A fact that needs Debian's redis-server; skipped, saying why, where it is not installed.</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (!File.Exists(RedisProcess.Binary))
        {
            Skip = $"{RedisProcess.Binary} is not installed (apt-get install redis-server; test.sh installs it).";
        }
    }
}

/// <summary>
/// Scale-out over a real redis-server (started by the test on its own free port) and two real server processes on
/// loopback: a session's group spans both nodes, and after one node dies the session goes on, with its history, on the other.
/// </summary>
public sealed class ScaleOutTests
{
    [RedisFact]
    public async Task A_group_spans_two_nodes_and_a_session_survives_losing_its_node()
    {
        await using var redis = await RedisProcess.StartAsync();
        var prefix = $"test-{Guid.NewGuid():N}";
        var nodes = await Task.WhenAll(ServerNode.StartAsync(redis.Port, prefix), ServerNode.StartAsync(redis.Port, prefix));
        await using var nodeA = nodes[0];
        await using var nodeB = nodes[1];

        // Ada creates the session on node A; Bo joins it from node B.
        await using var ada = await nodeA.ConnectAsync();
        var session = await ada.CreateSession(new SessionSettings { MaxTokens = 12, Seed = 5 }, playerId: "ada");
        await using var bo = await nodeB.ConnectAsync();
        var broadcast = new List<TurnEvent>();
        var broadcastDone = new TaskCompletionSource();
        bo.On<string, TurnEvent>(nameof(INextGptClient.OnTurnEvent), (sessionId, turnEvent) =>
        {
            lock (broadcast)
            {
                broadcast.Add(turnEvent);
            }

            if (sessionId == session.SessionId && turnEvent is TurnCompleted or TurnFailed)
            {
                broadcastDone.TrySetResult();
            }
        });
        var joined = await bo.InvokeAsync<SessionInfo>(NextGptHubMethods.JoinSession, session.SessionId, "bo");
        Assert.Equal("Mira", joined.Persona.Name);

        // Ada's turn runs on node A; Bo, on node B, sees the same events through the Redis backplane.
        var first = await ada.Collect(new TurnRequest { SessionId = session.SessionId, Text = "hello", PlayerId = "ada", AllowedOutputs = [Modality.Text] });
        await broadcastDone.Task.WaitAsync(TimeSpan.FromSeconds(20));
        HubClient.AssertWellFormed(first);
        var firstTurn = Assert.IsType<TurnCompleted>(first[^1]);
        lock (broadcast)
        {
            Assert.Equal(first.Select(e => (e.TurnId, e.Sequence, e.GetType())), broadcast.Select(e => (e.TurnId, e.Sequence, e.GetType())));
        }

        // Node A dies. Ada reconnects to node B, finds the session with its one exchange, and the next turn reads it.
        await nodeA.KillAsync();
        await using var adaAgain = await nodeB.ConnectAsync();
        var rejoined = await adaAgain.InvokeAsync<SessionInfo>(NextGptHubMethods.JoinSession, session.SessionId, "ada");
        var second = await adaAgain.Collect(new TurnRequest { SessionId = session.SessionId, Text = "hello", PlayerId = "ada", AllowedOutputs = [Modality.Text] });

        Assert.Equal(1, rejoined.TurnCount);
        var secondTurn = Assert.IsType<TurnCompleted>(second[^1]);
        // The same words, now after one earlier exchange (attributed, as the session has two players): a longer prompt.
        Assert.True(secondTurn.PromptTokens > firstTurn.PromptTokens + 2,
            $"the second prompt ({secondTurn.PromptTokens} tokens) should carry the first exchange ({firstTurn.PromptTokens} tokens without it)");
        var after = await adaAgain.InvokeAsync<SessionInfo>(NextGptHubMethods.JoinSession, session.SessionId, "ada");
        Assert.Equal(2, after.TurnCount);
    }
}

/// <summary>Debian's redis-server on a free loopback port, without persistence, stopped (killed) at the end.</summary>
public sealed class RedisProcess : IAsyncDisposable
{
    public const string Binary = "/usr/bin/redis-server";

    private readonly Process _process;

    private RedisProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public static async Task<RedisProcess> StartAsync()
    {
        var port = ServerNode.FreePort();
        var process = Process.Start(new ProcessStartInfo(Binary,
            ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var redis = new RedisProcess(process, port);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(process.HasExited, "redis-server exited during start-up.");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray());
                var buffer = new byte[16];
                var read = await stream.ReadAsync(buffer);
                if (Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal))
                {
                    return redis;
                }
            }
            catch (SocketException)
            {
            }

            await Task.Delay(100);
        }

        await redis.DisposeAsync();
        throw new TimeoutException("redis-server did not answer PING within 20 s.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}

/// <summary>
/// One node: the real server (its build output) as a child process on a free loopback port, scaled out through Redis,
/// serving its default model. <see cref="KillAsync"/> is the node dying, with no chance to clean up.
/// </summary>
public sealed class ServerNode : IAsyncDisposable
{
    private readonly Process _process;

    private ServerNode(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<ServerNode> StartAsync(int redisPort, string keyPrefix)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet", ["exec", ServerDll(), "--urls", url.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(ServerDll())!,
            Environment =
            {
                ["ScaleOut__Redis"] = $"127.0.0.1:{redisPort}",
                ["ScaleOut__KeyPrefix"] = keyPrefix,
            },
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var node = new ServerNode(process, url);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(process.HasExited, "A server node exited during start-up.");
            try
            {
                var health = await http.GetStringAsync(new Uri(url, "/health"));
                if (health.Contains("\"modelLoaded\":true", StringComparison.Ordinal))
                {
                    Assert.Contains("\"sharedSessions\":true", health, StringComparison.Ordinal);
                    return node;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        await node.DisposeAsync();
        throw new TimeoutException("A server node did not become healthy within 120 s.");
    }

    public async Task<HubConnection> ConnectAsync()
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Url, NextGptHub.Path))
            .AddMessagePackProtocol(options => options.SerializerOptions = KestrelServer.WireOptions)
            .Build();
        await connection.StartAsync();
        return connection;
    }

    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private static string ServerDll()
    {
        // tests/NextGpt.Realtime.Server.Tests/bin/<configuration>/<tfm>/<rid>/ -> server/NextGpt.Realtime.Server/bin/<configuration>/<tfm>/<rid>/
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var repo = testOutput.Parent!.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var bin = Path.Combine(repo, "server", "NextGpt.Realtime.Server", "bin", testOutput.Parent.Parent!.Name);
        return Directory.EnumerateFiles(bin, "NextGpt.Realtime.Server.dll", SearchOption.AllDirectories).First();
    }
}
