using System.Text.Json;
using NextGpt.Realtime.Client.Audio;
using NextGpt.Realtime.Client.Tests.Harness;
using NpcConsole;

namespace NextGpt.Realtime.Client.Tests;

/// <summary>The NpcConsole sample's scripted mode end to end (against the scripted hub on Kestrel).</summary>
public sealed class NpcConsoleTests
{
    [Fact]
    public async Task ScriptedTurn_WithImageAndVoice_PrintsJsonLines_AndSavesTheMedia()
    {
        await using var server = await TestServer.StartAsync();
        var folder = Directory.CreateTempSubdirectory("npcconsole").FullName;
        var png = Path.Combine(folder, "in.png");
        await File.WriteAllBytesAsync(png, TestImages.Solid(16, 16, 90));
        var speech = SpeechFixtures.Speak("Hello smith");
        var wav = Path.Combine(folder, "in.wav");
        await File.WriteAllBytesAsync(wav, speech.ToPcm16Wav());
        var output = new StringWriter();

        var exit = await NpcConsoleApp.RunAsync(
            ["--server", server.Url.ToString(), "--say", "draw and sing", "--image", png, "--audio", wav, "--json", "--out", Path.Combine(folder, "out")],
            TextReader.Null, output);

        Assert.True(exit == 0, output.ToString());
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var result = lines[^1];
        Assert.Equal("Completed", result.GetProperty("result").GetString());
        // The WAV went up as 16 kHz PCM16: 2 bytes per resampled sample.
        var voiceBytes = (int)Math.Round(speech.Samples.Length * 16000.0 / speech.SampleRate) * 2;
        Assert.Contains($"2 uploads of {new FileInfo(png).Length + voiceBytes} bytes", result.GetProperty("text").GetString(), StringComparison.Ordinal);
        var saved = result.GetProperty("saved").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(saved, f => f.EndsWith("-part1.png", StringComparison.Ordinal));
        Assert.Equal(4800, WavFile.Read(saved.Single(f => f.EndsWith("-part2.wav", StringComparison.Ordinal))).Samples.Length);
        Assert.Contains(lines, l => l.GetProperty("event").GetString() == "ImagePreview");
    }

    [Fact]
    public async Task UnreachableServer_ExitsWithCode3_AndSaysWhy()
    {
        var output = new StringWriter();

        var exit = await NpcConsoleApp.RunAsync(["--server", "http://127.0.0.1:1", "--say", "hi", "--connect-seconds", "0.5"], TextReader.Null, output);

        Assert.Equal(3, exit);
        Assert.Contains("Cannot reach http://127.0.0.1:1/", output.ToString(), StringComparison.Ordinal);
    }
}
