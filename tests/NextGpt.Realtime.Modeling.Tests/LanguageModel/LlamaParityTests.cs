using NextGpt.Realtime.Modeling.Caching;
using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.LanguageModel;
using NextGpt.Realtime.Modeling.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.LanguageModel;

/// <summary>The C# LLaMA against tools/reference/make_llama_fixtures.py (transformers' equations in real PyTorch).</summary>
public sealed class LlamaParityTests
{
    private const double Tolerance = 1e-4;

    public LlamaParityTests() => TorchRuntime.Initialize();

    [Theory]
    [InlineData("tiny")]
    [InlineData("tiny-gqa")]
    public void Forward_MatchesTheReferenceLogitsAndHiddenStates(string config)
    {
        using var scope = NewDisposeScope();
        using var model = LlamaForCausalLM.FromPretrained(Fixtures.PathOf("llama", config, "model"));
        var inputs = SafeTensorsFile.Load(Fixtures.PathOf("llama", config, "inputs.safetensors"));
        var expected = SafeTensorsFile.Load(Fixtures.PathOf("llama", config, "expected.safetensors"));

        using var noGrad = no_grad();
        var output = model.forward(new LlamaInput(InputIds: inputs["input_ids"]));

        AssertClose(expected["logits"], output.Logits);
        AssertClose(expected["hidden_states"], output.HiddenStates);
    }

    [Theory]
    [InlineData("tiny")]
    [InlineData("tiny-gqa")]
    public void LeftPaddedRows_MatchTheReferenceOnRealTokens(string config)
    {
        using var scope = NewDisposeScope();
        using var model = LlamaForCausalLM.FromPretrained(Fixtures.PathOf("llama", config, "model"));
        var inputs = SafeTensorsFile.Load(Fixtures.PathOf("llama", config, "inputs.safetensors"));
        var expected = SafeTensorsFile.Load(Fixtures.PathOf("llama", config, "expected.safetensors"));

        using var noGrad = no_grad();
        var output = model.forward(new LlamaInput(InputIds: inputs["input_ids"], AttentionMask: inputs["padded_attention_mask"]));

        AssertClose(expected["padded_logits"][0], output.Logits[0]);
        AssertClose(expected["padded_logits"][1].narrow(0, 3, 4), output.Logits[1].narrow(0, 3, 4));
        AssertClose(expected["padded_hidden_states"][1].narrow(0, 3, 4), output.HiddenStates[1].narrow(0, 3, 4));
    }

    [Fact]
    public void InputsEmbeds_GiveTheSameResultAsTheirIds()
    {
        using var scope = NewDisposeScope();
        using var model = LlamaForCausalLM.FromPretrained(Fixtures.PathOf("llama", "tiny", "model"));
        var ids = SafeTensorsFile.Load(Fixtures.PathOf("llama", "tiny", "inputs.safetensors"))["input_ids"];

        using var noGrad = no_grad();
        var fromIds = model.forward(new LlamaInput(InputIds: ids));
        var fromEmbeds = model.forward(new LlamaInput(InputsEmbeds: model.Model.Embed(ids)));

        AssertClose(fromIds.Logits, fromEmbeds.Logits);
    }

    [Theory]
    [InlineData("tiny")]
    [InlineData("tiny-gqa")]
    public void CachedDecode_EqualsFullRecomputation(string config)
    {
        using var scope = NewDisposeScope();
        using var model = LlamaForCausalLM.FromPretrained(Fixtures.PathOf("llama", config, "model"));
        var ids = SafeTensorsFile.Load(Fixtures.PathOf("llama", config, "inputs.safetensors"))["input_ids"]; // (2, 7)

        using var noGrad = no_grad();
        var full = model.forward(new LlamaInput(InputIds: ids)).Logits;
        using var cache = new KvCache(model.Config.NumHiddenLayers);
        var prefill = model.forward(new LlamaInput(InputIds: ids.narrow(1, 0, 4), Cache: cache)).Logits;
        AssertClose(full.narrow(1, 0, 4), prefill);
        for (var position = 4; position < 7; position++)
        {
            var step = model.forward(new LlamaInput(InputIds: ids.narrow(1, position, 1), Cache: cache)).Logits;
            AssertClose(full.narrow(1, position, 1), step);
        }

        Assert.Equal(7, cache.Length);
    }

    [Fact]
    public void MismatchedWeights_AreRefusedNamingTheKey()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"llama-bad-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            File.Copy(Fixtures.PathOf("llama", "tiny", "model", "config.json"), Path.Combine(folder, "config.json"));
            using (var scope = NewDisposeScope())
            {
                var weights = SafeTensorsFile.Load(Fixtures.PathOf("llama", "tiny", "model", "model.safetensors"));
                weights.Remove("model.norm.weight");
                weights["model.layers.0.mlp.up_proj.weight"] = zeros(3, 3);
                SafeTensorsFile.Save(Path.Combine(folder, "model.safetensors"), weights);
            }

            var error = Assert.Throws<InvalidDataException>(() => LlamaForCausalLM.FromPretrained(folder).Dispose());
            Assert.Contains("model.norm.weight", error.Message, StringComparison.Ordinal);
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
