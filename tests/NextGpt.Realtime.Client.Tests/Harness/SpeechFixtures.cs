using System.Diagnostics;
using NextGpt.Realtime.Client.Audio;

namespace NextGpt.Realtime.Client.Tests.Harness;

/// <summary>Speech made at test time with espeak-ng (deterministic) and reference resampling by sox; nothing committed.</summary>
public static class SpeechFixtures
{
    private static readonly string Folder = Directory.CreateTempSubdirectory("nextgpt-client-speech").FullName;

    /// <summary>espeak-ng's WAV (22,050 Hz mono PCM16) of <paramref name="text"/>.</summary>
    public static WavFile Speak(string text)
    {
        var path = Path.Combine(Folder, $"{Math.Abs(text.GetHashCode(StringComparison.Ordinal))}.wav");
        Run("espeak-ng", "-v", "en-us", "-w", path, text);
        return WavFile.Read(path);
    }

    /// <summary>sox's resampling of <paramref name="wav"/> to <paramref name="rate"/> Hz (its default high quality).</summary>
    public static WavFile SoxResample(WavFile wav, int rate)
    {
        var input = Path.Combine(Folder, Guid.NewGuid().ToString("N") + ".wav");
        var output = Path.Combine(Folder, Guid.NewGuid().ToString("N") + ".wav");
        File.WriteAllBytes(input, wav.ToPcm16Wav());
        Run("sox", input, "-r", rate.ToString(System.Globalization.CultureInfo.InvariantCulture), "-b", "16", output);
        return WavFile.Read(output);
    }

    private static void Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool, args) { RedirectStandardError = true, RedirectStandardOutput = true };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"{tool} is needed by the audio tests (apt-get install espeak-ng sox).", ex);
        }

        using (process)
        {
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{tool} failed: {errors}");
            }
        }
    }
}
