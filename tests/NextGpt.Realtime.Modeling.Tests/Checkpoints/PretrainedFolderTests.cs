using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Decoders.Audio.Vocoder;
using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clap;
using NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clip;
using NextGpt.Realtime.Modeling.Encoders.ImageBind;
using NextGpt.Realtime.Modeling.LanguageModel;
using NextGpt.Realtime.Modeling.Projectors;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Checkpoints;

/// <summary>
/// Every component the project trains is saved with <see cref="PretrainedFolder"/> and read back by its own
/// <c>FromPretrained</c>: the config must round-trip through its JSON names and every weight must come back bit for bit.
/// </summary>
public sealed class PretrainedFolderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pretrained-folder-").FullName;

    public static TheoryData<string> Components => new(Loaders.Keys);

    private static readonly Dictionary<string, (string[] Fixture, Func<string, (nn.Module Module, object Config)> Load)> Loaders = new()
    {
        ["llama"] = (["llama", "tiny", "model"], d => LlamaForCausalLM.FromPretrained(d) is var m ? (m, m.Config) : default),
        ["clip-text"] = (["clip-text", "model"], d => ClipTextModel.FromPretrained(d) is var m ? (m, m.Config) : default),
        ["clap-text"] = (["clap-text", "model"], d => ClapTextModelWithProjection.FromPretrained(d) is var m ? (m, m.Config) : default),
        ["unet2d"] = (["diffusion", "unet-tiny", "model"], d => UNet2DConditionModel.FromPretrained(d) is var m ? (m, m.Config) : default),
        ["unet2d-audioldm"] = (["diffusion", "unet-audioldm-tiny", "model"], d => UNet2DConditionModel.FromPretrained(d) is var m ? (m, m.Config) : default),
        ["unet3d"] = (["diffusion", "unet3d-tiny", "model"], d => UNet3DConditionModel.FromPretrained(d) is var m ? (m, m.Config) : default),
        ["vae"] = (["diffusion", "vae-tiny", "model"], d => AutoencoderKL.FromPretrained(d) is var m ? (m, m.Config) : default),
        ["vocoder"] = (["vocoder", "model"], d => SpeechT5HifiGan.FromPretrained(d) is var m ? (m, m.Config) : default),
        ["imagebind"] = (["imagebind", "model"], d => ImageBindModel.FromPretrained(d) is var m ? (m, m.Config) : default),
        ["input-projector"] = (["projectors", "input-projector", "model"], d => InputProjector.FromPretrained(d) is var m ? (m, m.Config) : default),
        ["output-projector"] = (["projectors", "output-projector", "model"], d => OutputProjector.FromPretrained(d) is var m ? (m, m.Config) : default),
    };

    [Theory]
    [MemberData(nameof(Components))]
    public void A_saved_component_loads_back_with_identical_weights(string component)
    {
        var (fixture, load) = Loaders[component];
        var (original, config) = load(Fixtures.PathOf(fixture));
        var saved = Path.Combine(_directory, component);

        PretrainedFolder.Save(saved, config, original);
        var (reloaded, _) = load(saved);

        var expected = original.state_dict();
        var actual = reloaded.state_dict();
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, tensor) in expected)
        {
            Assert.True(tensor.equal(actual[name]).all().item<bool>(), $"{component}: {name} changed on the round trip.");
        }
    }

    [Fact]
    public void Half_precision_storage_halves_the_file_and_loads_into_float32()
    {
        var (original, config) = Loaders["llama"].Load(Fixtures.PathOf("llama", "tiny", "model"));
        var full = Path.Combine(_directory, "full");
        var half = Path.Combine(_directory, "half");

        PretrainedFolder.Save(full, config, original);
        PretrainedFolder.Save(half, config, original, dtype: ScalarType.Float16);
        var reloaded = LlamaForCausalLM.FromPretrained(half);

        var ratio = (double)new FileInfo(Path.Combine(half, PretrainedFolder.WeightsFile)).Length
                    / new FileInfo(Path.Combine(full, PretrainedFolder.WeightsFile)).Length;
        Assert.InRange(ratio, 0.45, 0.55);
        var weight = reloaded.state_dict()["model.embed_tokens.weight"];
        Assert.Equal(ScalarType.Float32, weight.dtype);
        Assert.True(weight.allclose(original.state_dict()["model.embed_tokens.weight"], rtol: 1e-3, atol: 1e-3));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
