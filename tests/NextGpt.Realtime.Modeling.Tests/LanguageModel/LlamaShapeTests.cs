using NextGpt.Realtime.Modeling.LanguageModel;
using NextGpt.Realtime.Modeling.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.LanguageModel;

/// <summary>The real Vicuna-7B configuration, built on the meta device: names and shapes without allocating 27 GB.</summary>
public sealed class LlamaShapeTests
{
    public LlamaShapeTests() => TorchRuntime.Initialize();

    [Fact]
    public void Vicuna7B_HasTransformersKeyNamesAndShapes()
    {
        using var model = new LlamaForCausalLM(LlamaConfig.NextGptVicuna7B, META);
        var state = model.state_dict();

        Assert.Equal(2 + (32 * 9) + 1, state.Count);
        Assert.Equal([32038L, 4096], state["model.embed_tokens.weight"].shape);
        Assert.Equal([4096L, 4096], state["model.layers.31.self_attn.q_proj.weight"].shape);
        Assert.Equal([4096L, 4096], state["model.layers.0.self_attn.k_proj.weight"].shape);
        Assert.Equal([11008L, 4096], state["model.layers.0.mlp.gate_proj.weight"].shape);
        Assert.Equal([4096L, 11008], state["model.layers.0.mlp.down_proj.weight"].shape);
        Assert.Equal([4096L], state["model.layers.0.input_layernorm.weight"].shape);
        Assert.Equal([4096L], state["model.layers.0.post_attention_layernorm.weight"].shape);
        Assert.Equal([4096L], state["model.norm.weight"].shape);
        Assert.Equal([32038L, 4096], state["lm_head.weight"].shape);
        Assert.All(state.Values, tensor => Assert.Equal(DeviceType.META, tensor.device_type));
        // LLaMA-7B has 6,738,415,616 parameters; NExT-GPT adds 38 rows to embed_tokens and lm_head.
        Assert.Equal(6_738_415_616L + (2 * 38 * 4096), state.Values.Sum(t => t.numel()));
    }

    [Fact]
    public void Vicuna7B_ResizedForNextGptsAddedTokens_HasTheReleasedCheckpointsShapes()
    {
        using var model = new LlamaForCausalLM(LlamaConfig.Vicuna7B, META);
        Assert.Equal([32000L, 4096], model.state_dict()["model.embed_tokens.weight"].shape);

        model.ResizeTokenEmbeddings(LlamaConfig.NextGptVocabSize);

        var state = model.state_dict();
        Assert.Equal([32038L, 4096], state["model.embed_tokens.weight"].shape);
        Assert.Equal([32038L, 4096], state["lm_head.weight"].shape);
        Assert.Equal(LlamaConfig.NextGptVicuna7B, model.Config);
        Assert.All(state.Values, tensor => Assert.Equal(DeviceType.META, tensor.device_type));
    }
}
