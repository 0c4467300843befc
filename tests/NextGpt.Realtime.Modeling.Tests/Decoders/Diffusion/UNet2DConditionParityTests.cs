using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Modeling.Runtime;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Decoders.Diffusion;

/// <summary>
/// The C# UNet against diffusers 0.17.1 itself (tools/reference/make_diffusion_fixtures.py): SD-style cross-attention,
/// SD 2 options (linear projections, only_cross_attention, upcast, freq_shift), and AudioLDM's class-embedding variant.
/// </summary>
public sealed class UNet2DConditionParityTests
{
    public UNet2DConditionParityTests() => TorchRuntime.Initialize();

    public static TheoryData<string> Fixtures_ => new() { "unet-tiny", "unet-linear-tiny", "unet-audioldm-tiny" };

    [Theory]
    [MemberData(nameof(Fixtures_))]
    public void IntegerTimestep_MatchesDiffusers(string fixture) => Check(fixture, "sample", "timestep", "sample");

    [Theory]
    [MemberData(nameof(Fixtures_))]
    public void FractionalTimestep_MatchesDiffusers(string fixture) => Check(fixture, "sample", "timestep_float", "sample_float_timestep");

    [Theory]
    [MemberData(nameof(Fixtures_))]
    public void SizeNotAMultipleOfTheUpsampling_ForwardsTheSkipSizes(string fixture) => Check(fixture, "sample_odd", "timestep", "sample_odd");

    [Fact]
    public void ClassEmbeddingUNet_WithoutClassLabels_IsRefused()
    {
        using var scope = NewDisposeScope();
        using var unet = UNet2DConditionModel.FromPretrained(Fixtures.PathOf("diffusion", "unet-audioldm-tiny", "model"));
        var error = Assert.Throws<ArgumentException>(() => unet.forward(new UNet2DConditionInput(zeros(1, 8, 8, 8), tensor(10L))));
        Assert.Contains("class_labels", error.Message, StringComparison.Ordinal);
    }

    private static void Check(string fixture, string sampleKey, string timestepKey, string expectedKey)
    {
        using var scope = NewDisposeScope();
        using var unet = UNet2DConditionModel.FromPretrained(Fixtures.PathOf("diffusion", fixture, "model"));
        var inputs = SafeTensorsFile.Load(Fixtures.PathOf("diffusion", fixture, "inputs.safetensors"));
        var expected = SafeTensorsFile.Load(Fixtures.PathOf("diffusion", fixture, "expected.safetensors"));
        var sample = inputs[sampleKey];
        var rows = sample.shape[0];
        using var noGrad = no_grad();
        var output = unet.forward(new UNet2DConditionInput(
            sample,
            inputs[timestepKey],
            inputs.GetValueOrDefault("encoder_hidden_states")?[..(int)rows],
            inputs.GetValueOrDefault("class_labels")?[..(int)rows]));
        DiffusionAssert.Close(expected[expectedKey], output, what: $"{fixture}/{expectedKey}");
    }
}
