using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clap;
using NextGpt.Realtime.Modeling.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Decoders.TextEncoders;

/// <summary>
/// The C# CLAP text branch against tools/reference/make_text_encoder_fixtures.py (transformers'
/// ClapTextModelWithProjection restated in PyTorch, attention through PyTorch's MultiheadAttention kernel).
/// </summary>
public sealed class ClapTextParityTests
{
    private const double Tolerance = 1e-4;
    private static readonly string ModelFolder = Fixtures.PathOf("clap-text", "model");

    public ClapTextParityTests() => TorchRuntime.Initialize();

    [Fact]
    public void Forward_MatchesTheReferenceTextEmbedsAndHiddenState()
    {
        using var scope = NewDisposeScope();
        using var model = ClapTextModelWithProjection.FromPretrained(ModelFolder);
        var inputs = SafeTensorsFile.Load(Fixtures.PathOf("clap-text", "inputs.safetensors"));
        var expected = SafeTensorsFile.Load(Fixtures.PathOf("clap-text", "expected.safetensors"));

        using var noGrad = no_grad();
        var output = model.forward(inputs["input_ids"], inputs["attention_mask"]);

        AssertClose(expected["text_embeds"], output.TextEmbeds);
        // Padding rows of the hidden state are compared too: transformers computes them and so does the port.
        AssertClose(expected["last_hidden_state"], output.LastHiddenState);
    }

    [Fact]
    public void EncodePrompt_IsAudioLdmsNormalisedEmbedding()
    {
        using var scope = NewDisposeScope();
        using var model = ClapTextModelWithProjection.FromPretrained(ModelFolder);
        var inputs = SafeTensorsFile.Load(Fixtures.PathOf("clap-text", "inputs.safetensors"));
        var expected = SafeTensorsFile.Load(Fixtures.PathOf("clap-text", "expected.safetensors"));

        using var noGrad = no_grad();
        var embeds = model.EncodePrompt(inputs["input_ids"], inputs["attention_mask"]);

        AssertClose(expected["normalized_text_embeds"], embeds);
        AssertClose(ones(2), embeds.norm(1));
    }

    [Fact]
    public void PaddedRow_EqualsTheSameTokensWithoutPadding()
    {
        using var scope = NewDisposeScope();
        using var model = ClapTextModelWithProjection.FromPretrained(ModelFolder);
        var inputs = SafeTensorsFile.Load(Fixtures.PathOf("clap-text", "inputs.safetensors"));

        using var noGrad = no_grad();
        var padded = model.forward(inputs["input_ids"], inputs["attention_mask"]).TextEmbeds[0];
        var unpadded = model.forward(inputs["input_ids"][0..1, 0..6]).TextEmbeds[0];

        AssertClose(padded, unpadded);
    }

    [Fact]
    public void MoreTokensThanPositions_AreRefused()
    {
        using var scope = NewDisposeScope();
        using var model = ClapTextModelWithProjection.FromPretrained(ModelFolder);

        // 40 positions, padding_idx 1: at most 38 tokens.
        var error = Assert.Throws<ArgumentException>(() => model.forward(full(1, 39, 5L, dtype: ScalarType.Int64)));

        Assert.Contains("at most 38 tokens", error.Message, StringComparison.Ordinal);
    }

    private static void AssertClose(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        var difference = (expected.to_type(ScalarType.Float64) - actual.to_type(ScalarType.Float64)).abs().max().ToDouble();
        Assert.True(difference < Tolerance, $"max |expected - actual| = {difference}");
    }
}
