using System.Text.Json;
using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Modeling.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Decoders.Diffusion;

/// <summary>
/// The real decoder configurations (embedded config.json texts), built on the meta device, against the state-dict key and
/// shape lists diffusers 0.17.1 itself produced for the same configs (tests/Fixtures/diffusion/shapes).
/// </summary>
public sealed class DiffusionShapeTests
{
    public DiffusionShapeTests() => TorchRuntime.Initialize();

    [Fact]
    public void StableDiffusion15UNet_HasDiffusersKeysAndShapes()
    {
        using var unet = new UNet2DConditionModel(UNet2DConditionConfig.StableDiffusion15, META);
        AssertMatches("sd15-unet", unet, expectedParameters: 859_520_964);
        Assert.Equal([320L, 320], unet.state_dict()["down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q.weight"].shape);
        Assert.Equal([320L, 768], unet.state_dict()["down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_k.weight"].shape);
    }

    [Fact]
    public void StableDiffusion15Vae_HasDiffusersKeysAndShapes()
    {
        using var vae = new AutoencoderKL(AutoencoderKLConfig.StableDiffusion15, META);
        AssertMatches("sd15-vae", vae, expectedParameters: 83_653_863);
    }

    [Fact]
    public void AudioLdmLUNet_HasDiffusersKeysAndShapes()
    {
        using var unet = new UNet2DConditionModel(UNet2DConditionConfig.AudioLdmL, META);
        AssertMatches("audioldm-l-unet", unet);
        // Class embedding 512 -> 1024, concatenated to the time embedding: every resnet projects 2048 features.
        Assert.Equal([1024L, 512], unet.state_dict()["class_embedding.weight"].shape);
        Assert.Equal([256L, 2048], unet.state_dict()["down_blocks.0.resnets.0.time_emb_proj.weight"].shape);
    }

    [Fact]
    public void AudioLdmLVae_HasDiffusersKeysAndShapes()
    {
        using var vae = new AutoencoderKL(AutoencoderKLConfig.AudioLdmL, META);
        AssertMatches("audioldm-l-vae", vae);
    }

    [Fact]
    public void Zeroscope576wUNet3D_HasDiffusersKeysAndShapes()
    {
        using var unet = new UNet3DConditionModel(UNet3DConditionConfig.Zeroscope576w, META);
        AssertMatches("zeroscope-v2-576w-unet", unet, expectedParameters: 1_411_233_860);
        var state = unet.state_dict();
        // transformer_in: 8 heads of 64 over 320 channels (inner 512); block transformers: 1280 / 64 = 20 heads.
        Assert.Equal([512L, 320], state["transformer_in.proj_in.weight"].shape);
        Assert.Equal([1280L, 1024], state["down_blocks.2.attentions.0.transformer_blocks.0.attn2.to_k.weight"].shape);
        Assert.Equal([1280L, 1280], state["down_blocks.2.temp_attentions.0.transformer_blocks.0.attn2.to_k.weight"].shape);
        Assert.Equal([320L, 320, 3, 1, 1], state["down_blocks.0.temp_convs.0.conv4.3.weight"].shape);
    }

    [Fact]
    public void Zeroscope576wConfigs_AreTheModelScopeTextToVideoOnes()
    {
        var scheduler = NextGpt.Realtime.Modeling.Schedulers.SchedulerConfig.Zeroscope576w;
        Assert.Equal("DDIMScheduler", scheduler.ClassName);
        Assert.Equal(("scaled_linear", 0.00085, 0.012, 1), (scheduler.BetaSchedule, scheduler.BetaStart, scheduler.BetaEnd, scheduler.StepsOffset));
        Assert.Equal(64, UNet3DConditionConfig.Zeroscope576w.HeadDim);
    }

    [Fact]
    public void UNet3DConfig_WithAPerBlockHeadSizeOrWidthsThatAreNotMultiplesOf32_IsRefused()
    {
        var json = DiffusersJson.Embedded("zeroscope-v2-576w-unet");
        var perBlock = Assert.Throws<InvalidDataException>(() => UNet3DConditionConfig.Parse(
            json.Replace("\"attention_head_dim\": 64", "\"attention_head_dim\": [64, 64, 64, 64]", StringComparison.Ordinal), "edited.json"));
        Assert.Contains("attention_head_dim", perBlock.Message, StringComparison.Ordinal);
        var narrow = Assert.Throws<InvalidDataException>(() => UNet3DConditionConfig.Parse(
            json.Replace("[320, 640, 1280, 1280]", "[336, 640, 1280, 1280]", StringComparison.Ordinal).Replace("\"norm_num_groups\": 32", "\"norm_num_groups\": 16", StringComparison.Ordinal),
            "edited.json"));
        Assert.Contains("32", narrow.Message, StringComparison.Ordinal);
        var twoD = Assert.Throws<InvalidDataException>(() => UNet3DConditionConfig.Parse(
            json.Replace("\"DownBlock3D\"]", "\"DownBlock2D\"]", StringComparison.Ordinal), "edited.json"));
        Assert.Contains("DownBlock2D", twoD.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnsupportedBlockType_IsRefusedNamingIt()
    {
        var json = DiffusersJson.Embedded("sd15-unet").Replace("\"DownBlock2D\"]", "\"SimpleCrossAttnDownBlock2D\"]", StringComparison.Ordinal);
        var error = Assert.Throws<InvalidDataException>(() => UNet2DConditionConfig.Parse(json, "edited.json"));
        Assert.Contains("SimpleCrossAttnDownBlock2D", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PerBlockListOfTheWrongLength_IsRefused()
    {
        var json = DiffusersJson.Embedded("sd15-unet").Replace("\"attention_head_dim\": 8", "\"attention_head_dim\": [5, 10]", StringComparison.Ordinal);
        var error = Assert.Throws<InvalidDataException>(() => UNet2DConditionConfig.Parse(json, "edited.json"));
        Assert.Contains("attention_head_dim", error.Message, StringComparison.Ordinal);
    }

    private static void AssertMatches(string name, nn.Module module, long? expectedParameters = null)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Fixtures.PathOf("diffusion", "shapes", name + ".json")));
        var expected = document.RootElement.GetProperty("shapes").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetInt64()).ToArray());
        var actual = module.state_dict();

        Assert.Empty(expected.Keys.Except(actual.Keys));
        Assert.Empty(actual.Keys.Except(expected.Keys));
        foreach (var (key, shape) in expected)
        {
            Assert.True(shape.SequenceEqual(actual[key].shape), $"{key}: expected [{string.Join(", ", shape)}], got [{string.Join(", ", actual[key].shape)}]");
        }

        Assert.All(actual.Values, t => Assert.Equal(DeviceType.META, t.device_type));
        var parameters = actual.Values.Sum(t => t.numel());
        Assert.Equal(document.RootElement.GetProperty("parameters").GetInt64(), parameters);
        if (expectedParameters is { } known)
        {
            Assert.Equal(known, parameters);
        }
    }
}
