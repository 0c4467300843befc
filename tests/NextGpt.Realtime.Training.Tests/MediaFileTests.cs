using NextGpt.Realtime.Training.World;

namespace NextGpt.Realtime.Training.Tests;

public sealed class MediaFileTests
{
    [Fact]
    public void Wav_RoundTripsWithin16BitPrecision()
    {
        var samples = SoundSynthesizer.Render(new SoundSpec(SoundKind.Buzz, Pitch.Middle, SoundPattern.Rising), 1);
        using var stream = new MemoryStream();
        WavFile.Write(samples, stream);
        stream.Position = 0;

        var (read, rate) = WavFile.Read(stream);

        Assert.Equal(WorldFormat.SampleRate, rate);
        Assert.Equal(44 + (2 * samples.Length), stream.Length);
        Assert.Equal(samples.Length, read.Length);
        Assert.True(samples.Zip(read, (a, b) => Math.Abs(a - b)).Max() < 1e-4);
    }

    [Fact]
    public void Png_HasSignatureAndSize()
    {
        var image = ImageRenderer.Render(new ImageScene(Background.Sand, [new ImageObject(ShapeKind.Star, ObjectColor.Purple, ObjectSize.Large, ObjectPosition.Center)]), 1);
        using var stream = new MemoryStream();
        PngFile.Write(image, stream);
        var bytes = stream.ToArray();

        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal(64, (bytes[16] << 24) | (bytes[17] << 16) | (bytes[18] << 8) | bytes[19]);
        Assert.Equal(64, (bytes[20] << 24) | (bytes[21] << 16) | (bytes[22] << 8) | bytes[23]);
    }

    [Fact]
    public void SampleWriter_WritesEveryMedium()
    {
        var folder = Path.Combine(Path.GetTempPath(), "emberfall-" + Guid.NewGuid().ToString("N"));
        try
        {
            var files = WorldSampleWriter.Write(WorldSplit.HeldOut, 5, 2, folder);

            Assert.Equal(2 * (2 + 2 + 1 + WorldFormat.ClipFrames) + 1, files);
            Assert.True(File.Exists(Path.Combine(folder, "images", "0005.png")));
            Assert.True(File.Exists(Path.Combine(folder, "sounds", "0006.wav")));
            Assert.True(File.Exists(Path.Combine(folder, "clips", "0006", "frame_7.png")));
            Assert.Contains("\"persona\"", File.ReadAllText(Path.Combine(folder, "dialogues.json")), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
