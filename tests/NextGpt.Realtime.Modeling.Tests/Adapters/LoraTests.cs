using NextGpt.Realtime.Modeling.Adapters;
using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.LanguageModel;
using NextGpt.Realtime.Modeling.Runtime;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Adapters;

public sealed class LoraTests
{
    private static readonly LoraConfig Lora = new(4, 8, 0.1, new HashSet<string> { "q_proj", "k_proj", "v_proj", "o_proj" });

    public LoraTests() => TorchRuntime.Initialize();

    [Fact]
    public void Vicuna7BWithNextGptLora_HasPeftKeysAnd33MAdapterParameters()
    {
        using var model = new LlamaForCausalLM(LlamaConfig.NextGptVicuna7B, META, LoraConfig.NextGpt);
        var state = model.state_dict();

        Assert.Equal([32L, 4096], state["model.layers.0.self_attn.q_proj.lora_A.default.weight"].shape);
        Assert.Equal([4096L, 32], state["model.layers.31.self_attn.o_proj.lora_B.default.weight"].shape);
        Assert.Equal([4096L, 4096], state["model.layers.0.self_attn.q_proj.weight"].shape);
        // 32 layers x 4 projections x (32 x 4096 + 4096 x 32) = 33,554,432, the paper's "33M" (architecture notes section 3).
        Assert.Equal(33_554_432L, state.Where(kv => kv.Key.Contains(".lora_", StringComparison.Ordinal)).Sum(kv => kv.Value.numel()));
    }

    [Fact]
    public void FreshAdapters_LeaveTheBaseModelsOutputUnchanged()
    {
        using var scope = NewDisposeScope();
        var folder = Fixtures.PathOf("llama", "tiny-gqa", "model");
        using var plain = LlamaForCausalLM.FromPretrained(folder);
        using var adapted = LlamaForCausalLM.FromPretrained(folder, lora: Lora);
        var ids = SafeTensorsFile.Load(Fixtures.PathOf("llama", "tiny-gqa", "inputs.safetensors"))["input_ids"];

        using var noGrad = no_grad();
        Assert.True(plain.forward(new LlamaInput(ids)).Logits.allclose(adapted.forward(new LlamaInput(ids)).Logits, rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void MergedAdapters_GiveTheSameOutputAsUnmerged()
    {
        using var scope = NewDisposeScope();
        using var model = LlamaForCausalLM.FromPretrained(Fixtures.PathOf("llama", "tiny", "model"), lora: Lora);
        using (no_grad())
        {
            foreach (var (name, parameter) in model.named_parameters().Where(p => p.name.Contains(".lora_B.", StringComparison.Ordinal)))
            {
                parameter.normal_(0, 0.05);
            }
        }

        var ids = SafeTensorsFile.Load(Fixtures.PathOf("llama", "tiny", "inputs.safetensors"))["input_ids"];
        using var noGrad = no_grad();
        var unmerged = model.forward(new LlamaInput(ids)).Logits;
        model.MergeLora();
        var merged = model.forward(new LlamaInput(ids)).Logits;

        Assert.False(unmerged.allclose(LlamaForCausalLM.FromPretrained(Fixtures.PathOf("llama", "tiny", "model")).forward(new LlamaInput(ids)).Logits, rtol: 0, atol: 1e-4),
            "the randomised adapters must change the output, or this test proves nothing");
        Assert.True(unmerged.allclose(merged, rtol: 0, atol: 1e-5));
    }

    [Fact]
    public void Training_UpdatesOnlyAdaptersAndChosenExtras()
    {
        using var scope = NewDisposeScope();
        using var model = LlamaForCausalLM.FromPretrained(Fixtures.PathOf("llama", "tiny", "model"), lora: Lora);
        model.train();
        var trainable = LoraTraining.FreezeAllButAdapters(model, name => name == "model.embed_tokens.weight");

        var ids = SafeTensorsFile.Load(Fixtures.PathOf("llama", "tiny", "inputs.safetensors"))["input_ids"];
        var logits = model.forward(new LlamaInput(ids)).Logits;
        var loss = nn.functional.cross_entropy(logits.narrow(1, 0, 6).reshape(-1, 96), ids.narrow(1, 1, 6).reshape(-1));
        loss.backward();

        Assert.Equal((2 * 4 * 2) + 1, trainable.Count);
        foreach (var (name, parameter) in model.named_parameters())
        {
            var shouldTrain = trainable.Any(t => t.Name == name);
            Assert.Equal(shouldTrain, parameter.requires_grad);
            if (!shouldTrain)
            {
                Assert.True(parameter.grad is null, name);
            }
        }

        Assert.True(model.named_parameters().First(p => p.name.EndsWith("q_proj.lora_B.default.weight", StringComparison.Ordinal)).parameter.grad!.abs().sum().item<float>() > 0);
    }
}
