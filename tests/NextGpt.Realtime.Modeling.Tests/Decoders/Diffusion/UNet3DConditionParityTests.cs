using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Modeling.Runtime;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Decoders.Diffusion;

/// <summary>
/// The C# UNet3DConditionModel against diffusers 0.17.1 itself (tools/reference/make_video_fixtures.py): a two-block
/// video UNet (cross-attention and plain blocks, temporal convolutions and attentions, transformer_in) on 3-frame latents.
/// </summary>
public sealed class UNet3DConditionParityTests
{
    public UNet3DConditionParityTests() => TorchRuntime.Initialize();

    [Fact]
    public void IntegerTimestep_MatchesDiffusers() => Check("sample", "timestep", "sample");

    [Fact]
    public void FractionalTimestep_MatchesDiffusers() => Check("sample", "timestep_float", "sample_float_timestep");

    [Fact]
    public void SizeNotAMultipleOfTheUpsampling_ForwardsTheSkipSizes() => Check("sample_odd", "timestep", "sample_odd");

    [Fact]
    public void ImageShapedSampleOrMissingConditioning_IsRefusedClearly()
    {
        using var scope = NewDisposeScope();
        using var unet = UNet3DConditionModel.FromPretrained(Fixtures.PathOf("diffusion", "unet3d-tiny", "model"));
        var image = Assert.Throws<ArgumentException>(() => unet.forward(zeros(1, 4, 8, 8), tensor(10L), zeros(1, 5, 16)));
        Assert.Contains("(B, 4, F, H, W)", image.Message, StringComparison.Ordinal);
        var context = Assert.Throws<ArgumentException>(() => unet.forward(zeros([1, 4, 2, 8, 8]), tensor(10L), zeros(1, 5, 24)));
        Assert.Contains("encoder_hidden_states", context.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A2DUNetFolder_IsRefusedByThe3DLoader()
    {
        var error = Assert.ThrowsAny<Exception>(() => UNet3DConditionModel.FromPretrained(Fixtures.PathOf("diffusion", "unet-tiny", "model")));
        Assert.Contains("CrossAttnDownBlock2D", error.Message, StringComparison.Ordinal);
    }

    private static void Check(string sampleKey, string timestepKey, string expectedKey)
    {
        using var scope = NewDisposeScope();
        using var unet = UNet3DConditionModel.FromPretrained(Fixtures.PathOf("diffusion", "unet3d-tiny", "model"));
        var inputs = SafeTensorsFile.Load(Fixtures.PathOf("diffusion", "unet3d-tiny", "inputs.safetensors"));
        var expected = SafeTensorsFile.Load(Fixtures.PathOf("diffusion", "unet3d-tiny", "expected.safetensors"));
        var sample = inputs[sampleKey];
        using var noGrad = no_grad();
        var output = unet.forward(sample, inputs[timestepKey], inputs["encoder_hidden_states"][..(int)sample.shape[0]]);
        DiffusionAssert.Close(expected[expectedKey], output, what: $"unet3d-tiny/{expectedKey}");
    }
}
