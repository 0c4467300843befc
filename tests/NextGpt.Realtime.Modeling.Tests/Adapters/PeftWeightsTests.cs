using NextGpt.Realtime.Modeling.Adapters;
using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.LanguageModel;
using NextGpt.Realtime.Modeling.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Adapters;

/// <summary>LoRA weights made by real peft (tools/reference/make_lora_fixtures.py) on the tiny LLaMA fixture.</summary>
public sealed class PeftWeightsTests
{
    private const double Tolerance = 1e-4;

    // The fixture's adapter settings: r 4, alpha 8 (scale 2), dropout 0.1 on q, k, v, o.
    private static readonly LoraConfig Lora = new(4, 8, 0.1, new HashSet<string> { "q_proj", "k_proj", "v_proj", "o_proj" });

    public PeftWeightsTests() => TorchRuntime.Initialize();

    [Theory]
    [InlineData("adapter_default.safetensors")]
    [InlineData("adapter_model.safetensors")]
    public void PeftAdapters_GivePeftsLogits_UnmergedAndMerged(string file)
    {
        using var scope = NewDisposeScope();
        using var model = LlamaForCausalLM.FromPretrained(Fixtures.PathOf("llama", "tiny", "model"), lora: Lora);
        var ids = SafeTensorsFile.Load(Fixtures.PathOf("llama", "tiny", "inputs.safetensors"))["input_ids"];
        var expected = SafeTensorsFile.Load(Fixtures.PathOf("lora", "expected.safetensors"));

        var loaded = PeftWeights.LoadFile(model, Fixtures.PathOf("lora", file));
        using var noGrad = no_grad();
        var unmerged = model.forward(new LlamaInput(ids)).Logits;
        model.MergeLora();
        var merged = model.forward(new LlamaInput(ids)).Logits;

        Assert.Equal(16, loaded.Count);
        AssertClose(expected["logits"], unmerged);
        AssertClose(expected["merged_logits"], merged);
    }

    [Fact]
    public void NextGptCheckpointKeys_LoadTheAdaptersAndLeaveOtherComponentsToTheCaller()
    {
        using var scope = NewDisposeScope();
        using var model = LlamaForCausalLM.FromPretrained(Fixtures.PathOf("llama", "tiny", "model"), lora: Lora);
        var tensors = SafeTensorsFile.Load(Fixtures.PathOf("lora", "adapter_default.safetensors"))
            .ToDictionary(kv => "llama_model." + kv.Key, kv => kv.Value);
        tensors["llama_proj.weight"] = zeros(32, 16);

        var loaded = PeftWeights.Load(model, tensors, PeftWeights.NextGptPrefix);

        Assert.Equal(16, loaded.Count);
        Assert.DoesNotContain("llama_proj.weight", loaded);
    }

    [Fact]
    public void AdaptersOfAnotherRank_AreRefusedNamingTheKeyAndShapes()
    {
        using var model = LlamaForCausalLM.FromPretrained(Fixtures.PathOf("llama", "tiny", "model"), lora: Lora with { Rank = 8 });

        var error = Assert.Throws<InvalidDataException>(() => PeftWeights.LoadFile(model, Fixtures.PathOf("lora", "adapter_model.safetensors")));

        Assert.Contains("lora_", error.Message, StringComparison.Ordinal);
        Assert.Contains("[4, 32]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AdaptersForModulesTheModelDoesNotWrap_AreRefused()
    {
        using var model = LlamaForCausalLM.FromPretrained(Fixtures.PathOf("llama", "tiny", "model"),
            lora: Lora with { TargetModules = new HashSet<string> { "q_proj", "v_proj" } });

        var error = Assert.Throws<InvalidDataException>(() => PeftWeights.LoadFile(model, Fixtures.PathOf("lora", "adapter_model.safetensors")));

        Assert.Contains("k_proj.lora_A.weight", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingAdapters_AreRefused()
    {
        using var scope = NewDisposeScope();
        using var model = LlamaForCausalLM.FromPretrained(Fixtures.PathOf("llama", "tiny", "model"), lora: Lora);
        var tensors = SafeTensorsFile.Load(Fixtures.PathOf("lora", "adapter_model.safetensors"));
        tensors.Remove("base_model.model.model.layers.1.self_attn.o_proj.lora_B.weight");

        var error = Assert.Throws<InvalidDataException>(() => PeftWeights.Load(model, tensors));

        Assert.Contains("model.layers.1.self_attn.o_proj.lora_B.default.weight", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PeftAdapterConfig_IsRead()
    {
        var path = Path.Combine(Path.GetTempPath(), $"adapter_config-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{"peft_type": "LORA", "r": 32, "lora_alpha": 32, "lora_dropout": 0.1, "target_modules": ["q_proj", "k_proj", "v_proj", "o_proj"]}""");
        try
        {
            var config = LoraConfig.FromPeftConfig(path);

            Assert.Equal(LoraConfig.NextGpt.Rank, config.Rank);
            Assert.Equal(1.0, config.Scaling);
            Assert.True(config.TargetModules.SetEquals(LoraConfig.NextGpt.TargetModules));

            File.WriteAllText(path, """{"r": 8, "lora_alpha": 16, "target_modules": ["query_key_value"]}""");
            var error = Assert.Throws<InvalidDataException>(() => LoraConfig.FromPeftConfig(path));
            Assert.Contains("query_key_value", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void AssertClose(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        var difference = (expected - actual).abs().max().ToDouble();
        Assert.True(difference < Tolerance, $"max |expected - actual| = {difference}");
    }
}
