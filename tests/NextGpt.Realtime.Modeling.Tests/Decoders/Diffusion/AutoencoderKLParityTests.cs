using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Modeling.Runtime;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Decoders.Diffusion;

/// <summary>The C# AutoencoderKL against diffusers 0.17.1 (tools/reference/make_diffusion_fixtures.py, vae-tiny).</summary>
public sealed class AutoencoderKLParityTests
{
    public AutoencoderKLParityTests() => TorchRuntime.Initialize();

    private static string Model => Fixtures.PathOf("diffusion", "vae-tiny", "model");

    [Fact]
    public void Encode_GivesDiffusersPosterior()
    {
        using var scope = NewDisposeScope();
        using var vae = AutoencoderKL.FromPretrained(Model);
        var (inputs, expected) = Load();
        using var noGrad = no_grad();
        using var posterior = vae.Encode(inputs["image"]);

        DiffusionAssert.Close(expected["mean"], posterior.Mean, what: "mean");
        DiffusionAssert.Close(expected["logvar"], posterior.LogVar, what: "logvar");
        DiffusionAssert.Close(expected["std"], posterior.Std, what: "std");
    }

    [Fact]
    public void SeededSample_EqualsDiffusersSampleWithTheSameCpuGenerator()
    {
        using var scope = NewDisposeScope();
        using var vae = AutoencoderKL.FromPretrained(Model);
        var (inputs, expected) = Load();
        using var noGrad = no_grad();
        using var posterior = vae.Encode(inputs["image"]);

        DiffusionAssert.Close(expected["sample_seed_1234"], posterior.Sample(new Generator(1234, CPU)));
    }

    [Fact]
    public void Decode_MatchesDiffusers()
    {
        using var scope = NewDisposeScope();
        using var vae = AutoencoderKL.FromPretrained(Model);
        var (inputs, expected) = Load();
        using var noGrad = no_grad();

        DiffusionAssert.Close(expected["decoded"], vae.Decode(inputs["latents"]));
    }

    [Fact]
    public void OddSizedImage_IsPaddedLikeDiffusers()
    {
        using var scope = NewDisposeScope();
        using var vae = AutoencoderKL.FromPretrained(Model);
        var (inputs, expected) = Load();
        using var noGrad = no_grad();
        using var posterior = vae.Encode(inputs["odd_image"]);

        DiffusionAssert.Close(expected["odd_mean"], posterior.Mean);
    }

    [Fact]
    public void DeprecatedAttentionNames_LoadIntoTheSameModel()
    {
        // SD 1.5's published VAE still names its mid-block attention query/key/value/proj_attn.
        var folder = Directory.CreateTempSubdirectory("vae-deprecated-").FullName;
        try
        {
            File.Copy(Path.Combine(Model, "config.json"), Path.Combine(folder, "config.json"));
            using (var scope = NewDisposeScope())
            {
                var renamed = SafeTensorsFile.Load(Path.Combine(Model, "diffusion_pytorch_model.safetensors"))
                    .ToDictionary(
                        pair => pair.Key.Replace(".to_q.", ".query.", StringComparison.Ordinal).Replace(".to_k.", ".key.", StringComparison.Ordinal)
                            .Replace(".to_v.", ".value.", StringComparison.Ordinal).Replace(".to_out.0.", ".proj_attn.", StringComparison.Ordinal),
                        pair => pair.Value);
                Assert.Contains("encoder.mid_block.attentions.0.query.weight", renamed.Keys);
                SafeTensorsFile.Save(Path.Combine(folder, "diffusion_pytorch_model.safetensors"), renamed);
            }

            using var outer = NewDisposeScope();
            using var vae = AutoencoderKL.FromPretrained(folder);
            var (inputs, expected) = Load();
            using var noGrad = no_grad();
            DiffusionAssert.Close(expected["decoded"], vae.Decode(inputs["latents"]));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void VideoLatents_DecodeFrameByFrameLikeABatchOfImages()
    {
        using var scope = NewDisposeScope();
        using var vae = AutoencoderKL.FromPretrained(Model);
        var latents = Load().Inputs["latents"];                                   // (2, 4, 8, 8): two frames
        using var noGrad = no_grad();
        var video = latents.unsqueeze(0).permute(0, 2, 1, 3, 4) * vae.ScalingFactor;  // (1, 4, 2, 8, 8)

        var decoded = VaeVideo.Decode(vae, video, framesPerCall: 1);              // (1, 3, 2, 16, 16)

        var images = vae.Decode(latents);                                         // (2, 3, 16, 16)
        DiffusionAssert.Close(images.permute(1, 0, 2, 3).unsqueeze(0), decoded, tolerance: 1e-5);
    }

    private static (Dictionary<string, Tensor> Inputs, Dictionary<string, Tensor> Expected) Load() => (
        SafeTensorsFile.Load(Fixtures.PathOf("diffusion", "vae-tiny", "inputs.safetensors")),
        SafeTensorsFile.Load(Fixtures.PathOf("diffusion", "vae-tiny", "expected.safetensors")));
}
