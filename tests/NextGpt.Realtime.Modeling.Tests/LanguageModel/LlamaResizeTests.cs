using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.LanguageModel;
using NextGpt.Realtime.Modeling.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.LanguageModel;

public sealed class LlamaResizeTests
{
    public LlamaResizeTests() => TorchRuntime.Initialize();

    [Fact]
    public void AddedTokens_StartAtTheMeanOfTheOldRows_AndOldTokensAreUnchanged()
    {
        using var scope = NewDisposeScope();
        using var model = LlamaForCausalLM.FromPretrained(Fixtures.PathOf("llama", "tiny", "model"));
        var ids = SafeTensorsFile.Load(Fixtures.PathOf("llama", "tiny", "inputs.safetensors"))["input_ids"];
        using var noGrad = no_grad();
        var before = model.forward(new LlamaInput(ids)).Logits;
        var oldEmbeddings = model.Model.EmbedTokens.Weight.clone();
        var oldHead = model.LmHeadWeight.clone();

        model.ResizeTokenEmbeddings(96 + 5);

        var state = model.state_dict();
        Assert.Equal([101L, 32], state["model.embed_tokens.weight"].shape);
        Assert.Equal([101L, 32], state["lm_head.weight"].shape);
        Assert.Equal(101, model.Config.VocabSize);
        Assert.True(state["model.embed_tokens.weight"].narrow(0, 0, 96).equal(oldEmbeddings).all().item<bool>());
        Assert.True(state["model.embed_tokens.weight"][100].allclose(oldEmbeddings.mean([0]), rtol: 0, atol: 1e-7));
        Assert.True(state["lm_head.weight"][96].allclose(oldHead.mean([0]), rtol: 0, atol: 1e-7));
        Assert.True(model.Model.EmbedTokens.Weight.requires_grad);
        var after = model.forward(new LlamaInput(ids)).Logits;
        Assert.True(after.narrow(2, 0, 96).allclose(before, rtol: 0, atol: 1e-6));
        Assert.Equal(101, model.forward(new LlamaInput(tensor(new long[] { 100 }).unsqueeze(0))).Logits.shape[2]);
    }

    [Fact]
    public void TiedEmbeddings_StayTiedThroughResizeAndDtypeConversion()
    {
        using var scope = NewDisposeScope();
        using var model = new LlamaForCausalLM(new LlamaConfig
        {
            HiddenSize = 16, NumHiddenLayers = 1, NumAttentionHeads = 2, IntermediateSize = 32, VocabSize = 10, TieWordEmbeddings = true,
        });

        model.ResizeTokenEmbeddings(12);
        model.to(ScalarType.Float64);

        Assert.DoesNotContain("lm_head.weight", model.state_dict().Keys);
        Assert.Equal([12L, 16], model.LmHeadWeight.shape);
        Assert.Equal(ScalarType.Float64, model.LmHeadWeight.dtype);
        using var noGrad = no_grad();
        var hidden = model.forward(new LlamaInput(tensor(new long[] { 1, 11 }).unsqueeze(0))).HiddenStates;
        var logits = model.forward(new LlamaInput(tensor(new long[] { 1, 11 }).unsqueeze(0))).Logits;
        Assert.True(logits.allclose(hidden.matmul(model.Model.EmbedTokens.Weight.t()), rtol: 0, atol: 1e-10));
    }
}
