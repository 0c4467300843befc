using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clip;
using NextGpt.Realtime.Modeling.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Decoders.TextEncoders;

/// <summary>
/// The C# CLIP text encoder against tools/reference/make_text_encoder_fixtures.py (transformers' CLIPTextModel restated
/// in PyTorch, attention through PyTorch's MultiheadAttention kernel).
/// </summary>
public sealed class ClipTextParityTests
{
    private const double Tolerance = 1e-4;
    private static readonly string ModelFolder = Fixtures.PathOf("clip-text", "model");

    public ClipTextParityTests() => TorchRuntime.Initialize();

    [Fact]
    public void Forward_MatchesTheReferenceHiddenStateAndPooledOutput()
    {
        using var scope = NewDisposeScope();
        using var model = ClipTextModel.FromPretrained(ModelFolder);
        var inputs = SafeTensorsFile.Load(Fixtures.PathOf("clip-text", "inputs.safetensors"));
        var expected = SafeTensorsFile.Load(Fixtures.PathOf("clip-text", "expected.safetensors"));

        using var noGrad = no_grad();
        var output = model.forward(inputs["input_ids"]);

        AssertClose(expected["last_hidden_state"], output.LastHiddenState);
        AssertClose(expected["pooler_output"], output.PoolerOutput);
    }

    [Fact]
    public void WithAnAttentionMask_MatchesTheReferenceCombinedCausalAndPaddingMask()
    {
        using var scope = NewDisposeScope();
        using var model = ClipTextModel.FromPretrained(ModelFolder);
        var inputs = SafeTensorsFile.Load(Fixtures.PathOf("clip-text", "inputs.safetensors"));
        var expected = SafeTensorsFile.Load(Fixtures.PathOf("clip-text", "expected.safetensors"));

        using var noGrad = no_grad();
        var output = model.forward(inputs["input_ids"], inputs["attention_mask"]);

        AssertClose(expected["masked_last_hidden_state"], output.LastHiddenState);
        AssertClose(expected["masked_pooler_output"], output.PoolerOutput);
        Assert.False(expected["masked_last_hidden_state"].allclose(expected["last_hidden_state"]), "the mask must matter");
    }

    [Fact]
    public void ConfigWithARealEosId_PoolsAtItsFirstOccurrence()
    {
        using var scope = NewDisposeScope();
        var config = ClipTextConfig.Load(Path.Combine(ModelFolder, "config.json")) with { EosTokenId = 20 };
        using var model = new ClipTextModel(config);
        ModuleWeights.Load(model, ModuleWeights.FilesIn(ModelFolder), ignore: key => key.EndsWith("position_ids", StringComparison.Ordinal));
        model.eval();
        var inputs = SafeTensorsFile.Load(Fixtures.PathOf("clip-text", "inputs.safetensors"));
        var expected = SafeTensorsFile.Load(Fixtures.PathOf("clip-text", "expected.safetensors"));

        using var noGrad = no_grad();
        var output = model.forward(inputs["input_ids"]);

        AssertClose(expected["pooler_output_eos_20"], output.PoolerOutput);
    }

    [Fact]
    public void MorePositionsThanTheModelHas_AreRefused()
    {
        using var scope = NewDisposeScope();
        using var model = ClipTextModel.FromPretrained(ModelFolder);

        var error = Assert.Throws<ArgumentException>(() => model.forward(zeros(1, 17, dtype: ScalarType.Int64)));

        Assert.Contains("17 positions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MismatchedWeights_AreRefusedNamingTheKey()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"clip-bad-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            File.Copy(Path.Combine(ModelFolder, "config.json"), Path.Combine(folder, "config.json"));
            using (var scope = NewDisposeScope())
            {
                var weights = SafeTensorsFile.Load(Path.Combine(ModelFolder, "model.safetensors"));
                weights.Remove("text_model.final_layer_norm.weight");
                SafeTensorsFile.Save(Path.Combine(folder, "model.safetensors"), weights);
            }

            var error = Assert.Throws<InvalidDataException>(() => ClipTextModel.FromPretrained(folder).Dispose());
            Assert.Contains("text_model.final_layer_norm.weight", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void AssertClose(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        var difference = (expected.to_type(ScalarType.Float64) - actual.to_type(ScalarType.Float64)).abs().max().ToDouble();
        Assert.True(difference < Tolerance, $"max |expected - actual| = {difference}");
    }
}
