using System.Diagnostics;
using NextGpt.Realtime.Modeling.Media;
using NextGpt.Realtime.Modeling.Media.Audio;
using NextGpt.Realtime.Modeling.Tests.Encoders.ImageBind.Preprocessing;

namespace NextGpt.Realtime.Modeling.Tests.Media;

/// <summary>Non-WAV audio through ffmpeg (test.sh installs it): FLAC decodes to the WAV's samples; bad files fail clearly.</summary>
public sealed class AudioDecoderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nextgpt-audio-").FullName;

    [Fact]
    public void Flac_DecodesToTheSameSamplesAsTheWav()
    {
        var wav = PreprocessingFixtures.PathOf("audio", "tones_stereo.wav");
        var flac = Path.Combine(_folder, "tones.flac");
        Ffmpeg("-i", wav, flac);

        var expected = AudioDecoder.Decode(wav);
        var actual = AudioDecoder.Decode(flac);

        Assert.Equal((expected.SampleRate, expected.ChannelCount, expected.Length), (actual.SampleRate, actual.ChannelCount, actual.Length));
        Assert.Equal(expected.Channels[1], actual.Channels[1]);
    }

    [Fact]
    public void Mp3Bytes_Decode()
    {
        var mp3 = Path.Combine(_folder, "speech.mp3");
        Ffmpeg("-i", PreprocessingFixtures.PathOf("audio", "speech.wav"), mp3);

        var audio = AudioDecoder.Decode(File.ReadAllBytes(mp3), "speech.mp3");

        Assert.Equal((22050, 1), (audio.SampleRate, audio.ChannelCount));
        Assert.InRange(audio.DurationSeconds, 3.9, 4.1);
    }

    [Fact]
    public void NotAudio_IsRejected()
    {
        var error = Assert.Throws<MediaFormatException>(() => AudioDecoder.Decode("this is a text file, not audio"u8.ToArray(), "notes.mp3"));
        Assert.Contains("notes.mp3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyFile_IsRejected()
    {
        var empty = Path.Combine(_folder, "empty.ogg");
        File.WriteAllBytes(empty, []);

        Assert.Contains("empty", Assert.Throws<MediaFormatException>(() => AudioDecoder.Decode(empty)).Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    internal static void Ffmpeg(params string[] arguments)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["-v", "error", "-y", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, stderr);
    }
}
