using NextGpt.Realtime.Modeling.Encoders.ImageBind;
using NextGpt.Realtime.Modeling.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Encoders;

/// <summary>imagebind_huge's vision and audio towers built on the meta device: every key and shape, without 2.9 GB.</summary>
public sealed class ImageBindShapeTests
{
    public ImageBindShapeTests() => TorchRuntime.Initialize();

    [Fact]
    public void Huge_HasImageBindsKeysAndShapes()
    {
        // Written by tools/reference/make_imagebind_fixtures.py --huge from ImageBind's own imagebind_huge().
        var expected = File.ReadAllLines(Fixtures.PathOf("imagebind", "imagebind-huge-keys.txt"))
            .Where(line => line.Length > 0).Order(StringComparer.Ordinal).ToList();
        using var model = new ImageBindModel(ImageBindConfig.Huge, META);

        var actual = model.state_dict()
            .Select(pair => $"{pair.Key} {string.Join("x", pair.Value.shape)}").Order(StringComparer.Ordinal).ToList();

        Assert.Equal(expected, actual);
        Assert.All(model.state_dict().Values, t => Assert.Equal(DeviceType.META, t.device_type));
    }

    [Fact]
    public void Huge_HasTheReferenceParameterCounts()
    {
        using var model = new ImageBindModel(ImageBindConfig.Huge, META);
        var state = model.state_dict();

        Assert.Equal(632_829_440L, state.Where(p => p.Key.Contains(".vision.", StringComparison.Ordinal)).Sum(p => p.Value.numel()));
        Assert.Equal(86_235_648L, state.Where(p => p.Key.Contains(".audio.", StringComparison.Ordinal)).Sum(p => p.Value.numel()));
        Assert.Equal(256, ImageBindConfig.Huge.VisionPatches);
        Assert.Equal(228, ImageBindConfig.Huge.AudioPatches);
    }

    [Fact]
    public void Small_EncodesToTheJointWidth()
    {
        using var scope = NewDisposeScope();
        using var model = new ImageBindModel(ImageBindConfig.Small with { VisionNumBlocks = 1, AudioNumBlocks = 1 });
        model.eval();

        using var noGrad = no_grad();
        Assert.Equal([2L, 1024], model.EncodeVision(randn(2, 3, 224, 224)).shape);
        Assert.Equal([1L, 1024], model.EncodeAudio(randn([1L, 3, 1, 128, 204])).shape);
    }

    [Theory]
    [InlineData("modality_trunks.text.blocks.0.attn.in_proj_weight", true)]
    [InlineData("modality_preprocessors.depth.cls_token", true)]
    [InlineData("modality_heads.imu.3.weight", true)]
    [InlineData("modality_postprocessors.audio.1.log_logit_scale", true)]
    [InlineData("modality_trunks.audio.blocks.0.attn.bias_k", false)]
    [InlineData("modality_heads.vision.2.weight", false)]
    public void CheckpointKeysOfOtherTowers_AreSkipped(string key, bool skipped) =>
        Assert.Equal(skipped, ImageBindModel.IsUnusedCheckpointKey(key));
}
