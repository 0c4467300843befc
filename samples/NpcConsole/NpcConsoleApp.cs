using NextGpt.Realtime.Client.Agents;
using NextGpt.Realtime.Client.Audio;
using NextGpt.Realtime.Client.Connection;
using NextGpt.Realtime.Contracts.Primitives;
using NextGpt.Realtime.Contracts.Sessions;

namespace NpcConsole;

/// <summary>The sample's whole flow, callable from tests: connect, open the NPC, run scripted or interactive turns.</summary>
internal static class NpcConsoleApp
{
    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output)
    {
        ConsoleOptions options;
        try
        {
            options = ConsoleOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            output.WriteLine(ex.Message);
            return 2;
        }

        await using var connection = new NextGptConnection(new NextGptClientOptions
        {
            ServerUrl = options.Server,
            ApiKey = options.ApiKey,
            ReconnectPolicy = new ExponentialBackoffPolicy { GiveUpAfter = TimeSpan.FromSeconds(options.ConnectSeconds) },
        });
        connection.StateChanged += change =>
        {
            if (!options.Json)
            {
                output.WriteLine($"  [{change}]");
            }
        };
        try
        {
            await connection.ConnectAsync();
        }
        catch (NextGptConnectionException ex)
        {
            output.WriteLine($"Cannot reach {options.Server}: {ex.Message}");
            return 3;
        }

        var npc = await connection.CreateNpcAsync(new Persona { Name = options.Name, Role = options.Role, Traits = ["helpful"] }, new SessionSettings
        {
            DiffusionSteps = options.Steps,
            ImageWidth = options.ImageSize,
            ImageHeight = options.ImageSize,
            MaxTokens = options.MaxTokens,
            Seed = options.Seed,
        });
        var printer = new TurnPrinter(output, options.Json, options.Out);
        if (options.Scripted)
        {
            var turn = TurnInput.Say(options.Say ?? "").Require([.. options.Require]);
            foreach (var path in options.Images)
            {
                turn.With(MediaInput.Image(await File.ReadAllBytesAsync(path), path.EndsWith(".png", StringComparison.OrdinalIgnoreCase) ? MediaFormat.Png : MediaFormat.Jpeg));
            }

            foreach (var path in options.Audio)
            {
                turn.With(AudioInput(await File.ReadAllBytesAsync(path)));
            }

            foreach (var path in options.Clips)
            {
                turn.With(MediaInput.Clip(await File.ReadAllBytesAsync(path)));
            }

            var result = await printer.RunAsync(npc.StartTurn(turn));
            return result.Status == TurnStatus.Completed ? 0 : 1;
        }

        output.WriteLine($"Talking to {options.Name} the {options.Role}. /image PATH, /audio PATH, /clip PATH attach media; /quit ends.");
        var pending = new List<MediaInput>();
        while (await input.ReadLineAsync() is { } line)
        {
            var parts = line.Trim().Split(' ', 2);
            try
            {
                switch (parts[0])
                {
                    case "/quit":
                        return 0;
                    case "/image":
                        pending.Add(MediaInput.Image(await File.ReadAllBytesAsync(parts[1])));
                        output.WriteLine("  (image attached)");
                        continue;
                    case "/audio":
                        pending.Add(AudioInput(await File.ReadAllBytesAsync(parts[1])));
                        output.WriteLine("  (audio attached)");
                        continue;
                    case "/clip":
                        pending.Add(MediaInput.Clip(await File.ReadAllBytesAsync(parts[1])));
                        output.WriteLine("  (clip attached)");
                        continue;
                }
            }
            catch (Exception ex) when (ex is IOException or IndexOutOfRangeException or ArgumentException or UnauthorizedAccessException)
            {
                output.WriteLine($"  {ex.Message}");
                continue;
            }

            var turn = TurnInput.Say(line);
            pending.ForEach(m => turn.With(m));
            pending.Clear();
            if (string.IsNullOrWhiteSpace(line) && turn.Media.Count == 0)
            {
                continue;
            }

            output.Write($"{options.Name}: ");
            await printer.RunAsync(npc.StartTurn(turn));
        }

        return 0;
    }

    /// <summary>A WAV is resampled here to 16 kHz mono PCM16 (what the model hears), other sounds go as they are.</summary>
    private static MediaInput AudioInput(byte[] bytes)
    {
        if (bytes.Length < 12 || bytes[0] != 'R' || bytes[1] != 'I' || bytes[2] != 'F' || bytes[3] != 'F')
        {
            return MediaInput.Sound(bytes);
        }

        var wav = WavFile.Read(bytes);
        var mono = wav.Channels == 1 ? wav.Samples : AudioConvert.DownmixToMono(wav.Samples, wav.Channels);
        return MediaInput.Pcm16(AudioConvert.FloatToPcm16(Resampler.Resample(mono, wav.SampleRate, VoiceCapture.SampleRate)));
    }
}
