using System.Diagnostics;

namespace NextGpt.Realtime.Client.Tests.Harness;

/// <summary>
/// The real NextGpt.Realtime.Server (its build output, serving its default model) as a child process on a loopback port,
/// so a test can stop it and start it again like a production restart.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<ServerProcess> StartAsync(int port)
    {
        var url = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet", ["exec", ServerDll(), "--urls", url.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(ServerDll())!,
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, url);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(process.HasExited, "The server process exited during start-up.");
            try
            {
                var health = await http.GetStringAsync(new Uri(url, "/health"));
                if (health.Contains("\"modelLoaded\":true", StringComparison.OrdinalIgnoreCase))
                {
                    return server;
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

        await server.DisposeAsync();
        throw new TimeoutException("The server did not become healthy within 90 s.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static string ServerDll()
    {
        // tests/NextGpt.Realtime.Client.Tests/bin/<configuration>/<tfm>/ -> server/NextGpt.Realtime.Server/bin/<configuration>/<tfm>/<rid>/
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var repo = testOutput.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var bin = Path.Combine(repo, "server", "NextGpt.Realtime.Server", "bin", testOutput.Parent.Name, testOutput.Name);
        return Directory.EnumerateFiles(bin, "NextGpt.Realtime.Server.dll", SearchOption.AllDirectories).First();
    }
}
