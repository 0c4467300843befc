using NextGpt.Realtime.Contracts.Primitives;

namespace NpcConsole;

/// <summary>Command-line options. Any of --say/--image/--audio/--clip runs one scripted turn and exits.</summary>
internal sealed class ConsoleOptions
{
    public Uri Server { get; private set; } = new("http://127.0.0.1:5170");

    public string? ApiKey { get; private set; }

    public string Name { get; private set; } = "Brom";

    public string Role { get; private set; } = "blacksmith";

    public string? Say { get; private set; }

    public List<string> Images { get; } = [];

    public List<string> Audio { get; } = [];

    public List<string> Clips { get; } = [];

    public List<Modality> Require { get; } = [];

    public string? Out { get; private set; }

    public bool Json { get; private set; }

    public int Steps { get; private set; }

    public int ImageSize { get; private set; }

    public int MaxTokens { get; private set; }

    public long? Seed { get; private set; }

    /// <summary>How long to keep trying to reach the server.</summary>
    public double ConnectSeconds { get; private set; } = 15;

    public bool Scripted => Say is not null || Images.Count > 0 || Audio.Count > 0 || Clips.Count > 0;

    public const string Usage = """
        usage: NpcConsole [--server URL] [--api-key KEY] [--name NPC] [--role ROLE]
                          [--say TEXT] [--image PNG]... [--audio WAV]... [--clip MP4]... [--require image|audio|video]...
                          [--out DIR] [--json] [--steps N] [--image-size N] [--max-tokens N] [--seed N] [--connect-seconds N]
          With --say/--image/--audio/--clip: one scripted turn, outputs saved to --out, exit code 0 on success.
          Without: interactive chat. Type text; /image PATH, /audio PATH, /clip PATH attach to the next line; /quit.
        """;

    public static ConsoleOptions Parse(string[] args)
    {
        var options = new ConsoleOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            switch (args[i])
            {
                case "--server": options.Server = new Uri(Value()); break;
                case "--api-key": options.ApiKey = Value(); break;
                case "--name": options.Name = Value(); break;
                case "--role": options.Role = Value(); break;
                case "--say": options.Say = Value(); break;
                case "--image": options.Images.Add(ExistingFile(Value())); break;
                case "--audio": options.Audio.Add(ExistingFile(Value())); break;
                case "--clip": options.Clips.Add(ExistingFile(Value())); break;
                case "--require": options.Require.Add(Enum.Parse<Modality>(Value(), ignoreCase: true)); break;
                case "--out": options.Out = Value(); break;
                case "--json": options.Json = true; break;
                case "--steps": options.Steps = int.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--image-size": options.ImageSize = int.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--max-tokens": options.MaxTokens = int.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--connect-seconds": options.ConnectSeconds = double.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--seed": options.Seed = long.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "-h" or "--help": throw new ArgumentException(Usage);
                default: throw new ArgumentException($"Unknown option {args[i]}.\n{Usage}");
            }
        }

        return options;
    }

    private static string ExistingFile(string path) =>
        File.Exists(path) ? path : throw new ArgumentException($"No such file: {path}");
}
