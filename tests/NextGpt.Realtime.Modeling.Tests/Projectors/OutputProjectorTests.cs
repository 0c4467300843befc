using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Projectors;
using NextGpt.Realtime.Modeling.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Projectors;

/// <summary>
/// The output projector against NExT-GPT's TextFcLayer built around the real torch.nn.Transformer(norm_first=True,
/// batch_first=True) (tools/reference/make_projector_fixtures.py), and the real presets' keys and sizes on the meta device.
/// </summary>
public sealed class OutputProjectorTests
{
    private static readonly string Folder = Fixtures.PathOf("projectors", "output-projector");

    public OutputProjectorTests() => TorchRuntime.Initialize();

    [Fact]
    public void Forward_MatchesTextFcLayerWithTorchTransformer()
    {
        using var scope = NewDisposeScope();
        using var projector = OutputProjector.FromPretrained(Path.Combine(Folder, "model"));
        var inputs = SafeTensorsFile.Load(Path.Combine(Folder, "inputs.safetensors"));
        var expected = SafeTensorsFile.Load(Path.Combine(Folder, "expected.safetensors"));

        using var noGrad = no_grad();
        var output = projector.forward(inputs["hidden_states"], inputs["input_embeds"]);

        ProjectorAssert.Close(expected["output"], output);
    }

    [Fact]
    public void Rows_AreIndependentOfTheBatch()
    {
        using var scope = NewDisposeScope();
        using var projector = OutputProjector.FromPretrained(Path.Combine(Folder, "model"));
        var inputs = SafeTensorsFile.Load(Path.Combine(Folder, "inputs.safetensors"));
        var expected = SafeTensorsFile.Load(Path.Combine(Folder, "expected.safetensors"));

        using var noGrad = no_grad();
        var second = projector.forward(inputs["hidden_states"][1..2], inputs["input_embeds"][1..2]);

        ProjectorAssert.Close(expected["output"][1..2], second);
    }

    [Theory]
    [InlineData("image", 31_958_784L, 768L, 77L)]
    [InlineData("video", 32_090_112L, 1024L, 77L)]
    [InlineData("audio", 31_788_544L, 512L, 1L)]
    public void RealPresets_HaveNextGptsParameterCounts(string name, long parameters, long outDim, long queries)
    {
        var config = name switch
        {
            "image" => OutputProjectorConfig.Image,
            "video" => OutputProjectorConfig.Video,
            _ => OutputProjectorConfig.Audio,
        };
        using var projector = new OutputProjector(config, META);
        var state = projector.state_dict();

        Assert.Equal(parameters, state.Values.Sum(t => t.numel()));
        Assert.Equal(129, state.Count);
        Assert.Equal([1L, queries, 512], state["query_embs"].shape);
        Assert.Equal([outDim, 512], state["model.weight"].shape);
        Assert.All(state.Values, t => Assert.Equal(DeviceType.META, t.device_type));
    }

    [Fact]
    public void ImagePreset_HasNnTransformersKeysAndShapes()
    {
        // Written by the fixture script from the real TextFcLayer's state_dict().
        var expected = File.ReadAllLines(Fixtures.PathOf("projectors", "output-projector-image-keys.txt"))
            .Where(line => line.Length > 0).Order(StringComparer.Ordinal).ToList();
        using var projector = new OutputProjector(OutputProjectorConfig.Image, META);

        var actual = projector.state_dict()
            .Select(pair => $"{pair.Key} {string.Join("x", pair.Value.shape)}").Order(StringComparer.Ordinal).ToList();

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void MismatchedInputs_AreRefusedClearly()
    {
        using var projector = OutputProjector.FromPretrained(Path.Combine(Folder, "model"));

        var error = Assert.Throws<ArgumentException>(() => projector.forward(zeros(1, 3, 32), zeros(1, 4, 32)));

        Assert.Contains("same shape", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => projector.forward(zeros(1, 3, 31), zeros(1, 3, 31)));
    }

    [Fact]
    public void Config_ReadsTheFixturesJsonAndRefusesImpossibleShapes()
    {
        var config = OutputProjectorConfig.Load(Path.Combine(Folder, "model", "config.json"));
        Assert.Equal(new OutputProjectorConfig
        {
            InDim = 32, OutDim = 24, NumInputTokens = 3, NumOutputTokens = 5, DModel = 16, NHead = 4, NumEncoderLayers = 2,
            NumDecoderLayers = 2, DimFeedforward = 64,
        }, config);

        var path = Path.Combine(Path.GetTempPath(), $"projector-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, """{"d_model": 30, "nhead": 4}""");
            Assert.Contains("does not split", Assert.Throws<InvalidDataException>(() => OutputProjectorConfig.Load(path)).Message,
                StringComparison.Ordinal);
            File.WriteAllText(path, "{ not json");
            Assert.Throws<InvalidDataException>(() => OutputProjectorConfig.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
