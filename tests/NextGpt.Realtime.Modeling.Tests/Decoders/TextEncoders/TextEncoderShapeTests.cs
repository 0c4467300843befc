using NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clap;
using NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clip;
using NextGpt.Realtime.Modeling.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Decoders.TextEncoders;

/// <summary>
/// The real text encoders' configurations built on the meta device: transformers' key names and shapes without
/// allocating. Parameter counts from <c>make_text_encoder_fixtures.py --counts</c> (the PyTorch reference modules).
/// </summary>
public sealed class TextEncoderShapeTests
{
    public TextEncoderShapeTests() => TorchRuntime.Initialize();

    [Fact]
    public void StableDiffusion15ClipL14_HasTransformersKeysAndShapes()
    {
        using var model = new ClipTextModel(ClipTextConfig.StableDiffusion15, META);
        var state = model.state_dict();

        // 2 embeddings + 12 layers x 16 + final norm x 2; the checkpoint's position_ids buffer is ignored on load.
        Assert.Equal(2 + (12 * 16) + 2, state.Count);
        Assert.Equal([49408L, 768], state["text_model.embeddings.token_embedding.weight"].shape);
        Assert.Equal([77L, 768], state["text_model.embeddings.position_embedding.weight"].shape);
        Assert.Equal([768L, 768], state["text_model.encoder.layers.0.self_attn.q_proj.weight"].shape);
        Assert.Equal([768L], state["text_model.encoder.layers.11.self_attn.out_proj.bias"].shape);
        Assert.Equal([3072L, 768], state["text_model.encoder.layers.5.mlp.fc1.weight"].shape);
        Assert.Equal([768L, 3072], state["text_model.encoder.layers.5.mlp.fc2.weight"].shape);
        Assert.Equal([768L], state["text_model.encoder.layers.0.layer_norm1.weight"].shape);
        Assert.Equal([768L], state["text_model.encoder.layers.0.layer_norm2.bias"].shape);
        Assert.Equal([768L], state["text_model.final_layer_norm.weight"].shape);
        Assert.All(state.Values, tensor => Assert.Equal(DeviceType.META, tensor.device_type));
        Assert.Equal(123_060_480L, state.Values.Sum(t => t.numel()));
    }

    [Fact]
    public void AudioLdmClapText_HasTransformersKeysAndShapes()
    {
        using var model = new ClapTextModelWithProjection(ClapTextConfig.AudioLdm, META);
        var state = model.state_dict();

        // 3 embeddings + LayerNorm x 2, 12 layers x 16, pooler x 2, projection x 4.
        Assert.Equal(5 + (12 * 16) + 2 + 4, state.Count);
        Assert.Equal([50265L, 768], state["text_model.embeddings.word_embeddings.weight"].shape);
        Assert.Equal([514L, 768], state["text_model.embeddings.position_embeddings.weight"].shape);
        Assert.Equal([1L, 768], state["text_model.embeddings.token_type_embeddings.weight"].shape);
        Assert.Equal([768L], state["text_model.embeddings.LayerNorm.weight"].shape);
        Assert.Equal([768L, 768], state["text_model.encoder.layer.0.attention.self.query.weight"].shape);
        Assert.Equal([768L], state["text_model.encoder.layer.11.attention.self.value.bias"].shape);
        Assert.Equal([768L, 768], state["text_model.encoder.layer.3.attention.output.dense.weight"].shape);
        Assert.Equal([768L], state["text_model.encoder.layer.3.attention.output.LayerNorm.bias"].shape);
        Assert.Equal([3072L, 768], state["text_model.encoder.layer.7.intermediate.dense.weight"].shape);
        Assert.Equal([768L, 3072], state["text_model.encoder.layer.7.output.dense.weight"].shape);
        Assert.Equal([768L], state["text_model.encoder.layer.7.output.LayerNorm.weight"].shape);
        Assert.Equal([768L, 768], state["text_model.pooler.dense.weight"].shape);
        Assert.Equal([512L, 768], state["text_projection.linear1.weight"].shape);
        Assert.Equal([512L, 512], state["text_projection.linear2.weight"].shape);
        Assert.All(state.Values, tensor => Assert.Equal(DeviceType.META, tensor.device_type));
        Assert.Equal(125_302_016L, state.Values.Sum(t => t.numel()));
    }

    [Fact]
    public void UnsupportedActivation_IsRefusedNamingIt()
    {
        var error = Assert.Throws<InvalidDataException>(() => (ClipTextConfig.StableDiffusion15 with { HiddenAct = "mish" }).Validate());

        Assert.Contains("mish", error.Message, StringComparison.Ordinal);
    }
}
