using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Encoders.ImageBind;
using NextGpt.Realtime.Modeling.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Encoders;

/// <summary>
/// The C# ImageBind towers against ImageBind's own ImageBindModel on a tiny configuration
/// (tools/reference/make_imagebind_fixtures.py; audio postprocessed as NExT-GPT's copy does, without the logit scale).
/// </summary>
public sealed class ImageBindParityTests
{
    private const double Tolerance = 1e-4;
    private static readonly string Folder = Fixtures.PathOf("imagebind");

    public ImageBindParityTests() => TorchRuntime.Initialize();

    [Fact]
    public void Images_MatchTheReferenceEmbeddingsAndTrunk()
    {
        using var scope = NewDisposeScope();
        using var model = ImageBindModel.FromPretrained(Path.Combine(Folder, "model"));
        var (inputs, expected) = Load();

        using var noGrad = no_grad();
        AssertClose(expected["vision_trunk"], model.Trunk(ImageBindModality.Vision, inputs["pixel_values"]));
        AssertClose(expected["vision"], model.EncodeVision(inputs["pixel_values"]));
    }

    [Fact]
    public void VideoClips_AreEncodedAsTwoFrameClipsAndAveraged()
    {
        using var scope = NewDisposeScope();
        using var model = ImageBindModel.FromPretrained(Path.Combine(Folder, "model"));
        var (inputs, expected) = Load();

        using var noGrad = no_grad();
        var video = model.EncodeVision(inputs["video_clips"]);

        AssertClose(expected["video"], video);
        // The mean of unit vectors: shorter than 1 unless the clips agree (no re-normalisation after averaging).
        Assert.True(video.norm().ToDouble() < 1.0);
    }

    [Fact]
    public void Audio_MatchesTheReferenceWithoutTheLogitScale()
    {
        using var scope = NewDisposeScope();
        using var model = ImageBindModel.FromPretrained(Path.Combine(Folder, "model"));
        var (inputs, expected) = Load();

        using var noGrad = no_grad();
        AssertClose(expected["audio_trunk"], model.Trunk(ImageBindModality.Audio, inputs["fbank"]));
        var audio = model.EncodeAudio(inputs["fbank"]);
        AssertClose(expected["audio"], audio);
        AssertClose(ones(2), audio.norm(1));
        AssertClose(expected["audio_clips"], model.EncodeAudio(inputs["fbank_clips"]));
    }

    [Fact]
    public void ClipAxis_AveragesTheNormalisedClipEmbeddings()
    {
        using var scope = NewDisposeScope();
        using var model = ImageBindModel.FromPretrained(Path.Combine(Folder, "model"));
        var (inputs, _) = Load();

        using var noGrad = no_grad();
        var clips = inputs["fbank_clips"];
        var oneByOne = stack(Enumerable.Range(0, 3).Select(i => model.EncodeAudio(clips[0, i].unsqueeze(0))[0]).ToArray());

        AssertClose(oneByOne.mean([0]).unsqueeze(0), model.EncodeAudio(clips));
    }

    [Fact]
    public void AnImage_EqualsItsFrameRepeatedIntoAClip()
    {
        using var scope = NewDisposeScope();
        using var model = ImageBindModel.FromPretrained(Path.Combine(Folder, "model"));
        var (inputs, expected) = Load();

        using var noGrad = no_grad();
        var image = inputs["pixel_values"][0..1];                                   // (1, 3, 224, 224)
        var clip = image.unsqueeze(2).repeat(1, 1, 2, 1, 1).unsqueeze(1);           // (1, 1, 3, 2, 224, 224)

        AssertClose(expected["vision"][0..1], model.EncodeVision(clip));
    }

    [Fact]
    public void WrongSizes_AreRefusedClearly()
    {
        using var model = ImageBindModel.FromPretrained(Path.Combine(Folder, "model"));
        using var noGrad = no_grad();

        Assert.Contains("patches", Assert.Throws<ArgumentException>(() => model.EncodeVision(zeros(1, 3, 112, 112))).Message,
            StringComparison.Ordinal);
        Assert.Contains("pixel_values", Assert.Throws<ArgumentException>(() => model.EncodeVision(zeros(1, 1, 224, 224))).Message,
            StringComparison.Ordinal);
        Assert.Contains("fbank", Assert.Throws<ArgumentException>(() => model.EncodeAudio(zeros(1, 128, 204))).Message,
            StringComparison.Ordinal);
        Assert.Contains("patches", Assert.Throws<ArgumentException>(() => model.EncodeAudio(zeros(1, 1, 128, 100))).Message,
            StringComparison.Ordinal);
    }

    private static (Dictionary<string, Tensor> Inputs, Dictionary<string, Tensor> Expected) Load()
    {
        // The inputs are stored as float16 to keep the fixture small; the reference ran on these values in float32.
        var inputs = SafeTensorsFile.Load(Path.Combine(Folder, "inputs.safetensors"))
            .ToDictionary(pair => pair.Key, pair => pair.Value.to_type(ScalarType.Float32));
        return (inputs, SafeTensorsFile.Load(Path.Combine(Folder, "expected.safetensors")));
    }

    private static void AssertClose(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        var difference = (expected.to_type(ScalarType.Float64) - actual.to_type(ScalarType.Float64)).abs().max().ToDouble();
        Assert.True(difference < Tolerance, $"max |expected - actual| = {difference}");
    }
}
