using NextGpt.Realtime.Modeling.Checkpoints;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Encoders.ImageBind.Preprocessing;

/// <summary>tests/Fixtures/preprocessing, made by tools/reference/make_preprocessing_fixtures.py.</summary>
internal static class PreprocessingFixtures
{
    public static string PathOf(params string[] parts) => Fixtures.PathOf(["preprocessing", .. parts]);

    /// <summary>One tensor of images/audio/video.safetensors (the caller disposes it or holds a dispose scope).</summary>
    public static Tensor Load(string file, string name)
    {
        using var safetensors = SafeTensorsFile.Open(PathOf(file + ".safetensors"));
        return safetensors.Read(name);
    }

    public static double MaxAbsDifference(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        using var difference = expected.to_type(ScalarType.Float64).sub(actual.to_type(ScalarType.Float64)).abs().max();
        return difference.item<double>();
    }
}
