using System.Globalization;
using NextGpt.Realtime.Client.Connection;
using NextGpt.Realtime.Client.Scenes;

namespace XrSceneGen;

/// <summary>The sample's flow, callable from tests.</summary>
internal static class XrSceneGenApp
{
    private const string Usage = """
        usage: XrSceneGen --describe TEXT --out DIR [--server URL] [--screenshot PNG] [--props a,b,c] [--lines N]
                          [--size WIDTH] [--steps N] [--draft-steps N] [--face N] [--no-audio] [--seed N]
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var server = new Uri("http://127.0.0.1:5170");
        string? outDir = null;
        var request = new SceneRequest();
        var face = 256;
        try
        {
            for (var i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
                int Number() => int.Parse(Value(), CultureInfo.InvariantCulture);
                switch (args[i])
                {
                    case "--server": server = new Uri(Value()); break;
                    case "--describe": request.Description = Value(); break;
                    case "--out": outDir = Value(); break;
                    case "--screenshot": request.ScreenshotPng = File.ReadAllBytes(Value()); break;
                    case "--props": request.Props = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                    case "--lines": request.NpcLines = Number(); break;
                    case "--size": request.PanoramaWidth = Number(); request.PanoramaHeight = request.PanoramaWidth / 2; break;
                    case "--steps": request.FinalSteps = Number(); break;
                    case "--draft-steps": request.DraftSteps = Number(); break;
                    case "--face": face = Number(); break;
                    case "--no-audio": request.AmbientAudio = false; break;
                    case "--seed": request.Seed = long.Parse(Value(), CultureInfo.InvariantCulture); break;
                    default: throw new ArgumentException($"Unknown option {args[i]}.");
                }
            }

            if (outDir is null || string.IsNullOrWhiteSpace(request.Description))
            {
                throw new ArgumentException("--describe and --out are required.");
            }
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or IOException)
        {
            output.WriteLine(ex.Message);
            output.WriteLine(Usage);
            return 2;
        }

        await using var connection = new NextGptConnection(new NextGptClientOptions
        {
            ServerUrl = server,
            ReconnectPolicy = new ExponentialBackoffPolicy { GiveUpAfter = TimeSpan.FromSeconds(15) },
        });
        try
        {
            await connection.ConnectAsync();
        }
        catch (NextGptConnectionException ex)
        {
            output.WriteLine(ex.Message);
            return 3;
        }

        var writer = new SceneFolderWriter(outDir, face);
        try
        {
            await foreach (var update in new SceneGenerator(connection).GenerateAsync(request))
            {
                output.WriteLine($"  {update}");
                writer.Write(update);
            }
        }
        catch (SceneGenerationException ex)
        {
            output.WriteLine($"Scene generation failed: {ex.Message}");
            return 1;
        }

        writer.WriteManifest(request.Description);
        output.WriteLine($"Scene written to {outDir} ({writer.Manifest.Count} files).");
        return 0;
    }
}
