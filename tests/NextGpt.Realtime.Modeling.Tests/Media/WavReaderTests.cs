using System.Buffers.Binary;
using NextGpt.Realtime.Modeling.Media;
using NextGpt.Realtime.Modeling.Media.Audio;
using NextGpt.Realtime.Modeling.Runtime;
using NextGpt.Realtime.Modeling.Tests.Encoders.ImageBind.Preprocessing;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Media;

/// <summary>WAV decoding against torchaudio.load (normalize=True) and the bad WAVs a server receives.</summary>
public sealed class WavReaderTests
{
    public WavReaderTests() => TorchRuntime.Initialize();

    [Theory]
    [InlineData("short_u8", 0)]
    [InlineData("short_s24", 0)]
    [InlineData("short_s32", 6e-8)]   // libsox rounds some 31-bit samples a float32 ulp or two differently from x / 2^31
    [InlineData("short_f32", 0)]
    [InlineData("chirp16k", 0)]
    public void Decode_EqualsTorchaudioLoad(string name, double tolerance)
    {
        using var scope = NewDisposeScope();
        var audio = WavReader.Read(PreprocessingFixtures.PathOf("audio", name + ".wav"));

        var expected = PreprocessingFixtures.Load("audio", name + ".waveform");
        Assert.True(PreprocessingFixtures.MaxAbsDifference(expected, audio.ToTensor()) <= tolerance);
    }

    [Fact]
    public void Stereo_KeepsBothChannels()
    {
        var audio = WavReader.Read(PreprocessingFixtures.PathOf("audio", "tones_stereo.wav"));

        Assert.Equal((44100, 2, 101429), (audio.SampleRate, audio.ChannelCount, audio.Length));
        // Channel 1 is a 1234 Hz tone at 0.3 around -0.1; channel 0 is centred on +0.05.
        Assert.InRange(audio.Channels[1].Average(), -0.11, -0.09);
        Assert.InRange(audio.Channels[0].Average(), 0.04, 0.06);
    }

    [Fact]
    public void WriteThenRead_RoundTrips16Bit()
    {
        var audio = WavReader.Read(PreprocessingFixtures.PathOf("audio", "chirp16k.wav"));

        var again = WavReader.Read(WavWriter.ToWav16(audio));

        Assert.Equal(audio.SampleRate, again.SampleRate);
        Assert.True(audio.Channels[0].Zip(again.Channels[0], (a, b) => Math.Abs(a - b)).Max() <= 1.0 / 32768);
    }

    [Fact]
    public void LyingHeader_IsRejected()
    {
        var bytes = File.ReadAllBytes(PreprocessingFixtures.PathOf("audio", "short.wav"));
        var dataChunk = IndexOf(bytes, "data"u8);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(dataChunk + 4), 50_000_000);

        var error = Assert.Throws<MediaFormatException>(() => WavReader.Read(bytes, name: "liar.wav"));
        Assert.Contains("claims 50,000,000 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongBlockAlign_IsRejected()
    {
        var bytes = File.ReadAllBytes(PreprocessingFixtures.PathOf("audio", "short.wav"));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(IndexOf(bytes, "fmt "u8) + 8 + 12), 7);

        var error = Assert.Throws<MediaFormatException>(() => WavReader.Read(bytes, name: "odd.wav"));
        Assert.Contains("block alignment 7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyAndZeroLength_AreRejected()
    {
        Assert.Contains("empty", Assert.Throws<MediaFormatException>(() => WavReader.Read([], name: "nothing.wav")).Message, StringComparison.Ordinal);

        var header = File.ReadAllBytes(PreprocessingFixtures.PathOf("audio", "short.wav"));
        var headerOnly = header[..(IndexOf(header, "data"u8) + 8)];
        BinaryPrimitives.WriteUInt32LittleEndian(headerOnly.AsSpan(headerOnly.Length - 4), 0);
        var error = Assert.Throws<MediaFormatException>(() => WavReader.Read(headerOnly, name: "silence.wav"));
        Assert.Contains("no audio samples", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedHeader_IsRejected()
    {
        var bytes = File.ReadAllBytes(PreprocessingFixtures.PathOf("audio", "short.wav"))[..30];

        var error = Assert.Throws<MediaFormatException>(() => WavReader.Read(bytes, name: "cut.wav"));
        Assert.Contains("cut.wav", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TooLong_IsRejectedFromTheHeader()
    {
        var limits = MediaLimits.Default with { MaxAudioSeconds = 0.1 };

        var error = Assert.Throws<MediaFormatException>(() => WavReader.Read(File.ReadAllBytes(PreprocessingFixtures.PathOf("audio", "short.wav")), limits, "long.wav"));
        Assert.Contains("MaxAudioSeconds", error.Message, StringComparison.Ordinal);
    }

    private static int IndexOf(byte[] bytes, ReadOnlySpan<byte> tag) => bytes.AsSpan().IndexOf(tag);
}
