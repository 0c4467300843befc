using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using NextGpt.Realtime.Server.Hubs;

namespace NextGpt.Realtime.Server.Tests;

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
