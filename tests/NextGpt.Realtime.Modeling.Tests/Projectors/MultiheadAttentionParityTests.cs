using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Layers;
using NextGpt.Realtime.Modeling.Runtime;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Projectors;

/// <summary>
/// The shared <see cref="MultiheadAttention"/> against real torch.nn.MultiheadAttention modules
/// (tools/reference/make_projector_fixtures.py): self-attention, cross-attention and add_bias_kv.
/// </summary>
public sealed class MultiheadAttentionParityTests
{
    public MultiheadAttentionParityTests() => TorchRuntime.Initialize();

    [Theory]
    [InlineData("self", false)]
    [InlineData("cross", false)]
    [InlineData("bias_kv", true)]
    public void Forward_MatchesTorchMultiheadAttention(string name, bool addBiasKv)
    {
        using var scope = NewDisposeScope();
        var reference = SafeTensorsFile.Load(Fixtures.PathOf("projectors", "mha.safetensors"));
        using var attention = new MultiheadAttention(16, 4, addBiasKv: addBiasKv);
        ProjectorAssert.LoadPrefixed(attention, reference, name + ".", "query", "key", "value", "output");

        using var noGrad = no_grad();
        var query = reference[$"{name}.query"];
        var output = name == "cross"
            ? attention.forward(query, reference[$"{name}.key"], reference[$"{name}.value"])
            : attention.forward(query);

        ProjectorAssert.Close(reference[$"{name}.output"], output);
    }

    [Fact]
    public void SeparateProjections_EqualTheFusedSelfAttentionPath()
    {
        using var scope = NewDisposeScope();
        var reference = SafeTensorsFile.Load(Fixtures.PathOf("projectors", "mha.safetensors"));
        using var attention = new MultiheadAttention(16, 4, addBiasKv: true);
        ProjectorAssert.LoadPrefixed(attention, reference, "bias_kv.", "query", "key", "value", "output");

        using var noGrad = no_grad();
        var query = reference["bias_kv.query"];
        // Distinct tensor objects take the three-matmul path; the values are the same, so must the output be.
        var output = attention.forward(query, query.clone(), query.clone());

        ProjectorAssert.Close(reference["bias_kv.output"], output);
    }

    [Fact]
    public void StateDict_HasPyTorchsKeysAndShapes()
    {
        using var plain = new MultiheadAttention(16, 4, device: META);
        using var biased = new MultiheadAttention(16, 4, addBiasKv: true, device: META);

        Assert.Equal(["in_proj_bias", "in_proj_weight", "out_proj.bias", "out_proj.weight"], plain.state_dict().Keys.Order());
        var state = biased.state_dict();
        Assert.Equal([48L, 16], state["in_proj_weight"].shape);
        Assert.Equal([1L, 1, 16], state["bias_k"].shape);
        Assert.Equal([1L, 1, 16], state["bias_v"].shape);
        Assert.Equal(6, state.Count);
    }

    [Fact]
    public void BadShapes_AreRefusedClearly()
    {
        using var attention = new MultiheadAttention(16, 4);

        var error = Assert.Throws<ArgumentException>(() => attention.forward(zeros(2, 5, 8)));

        Assert.Contains("(batch, length, 16)", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new MultiheadAttention(18, 4));
    }
}
