using System.CommandLine;
using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Cli.Tests;

/// <summary><c>nextgpt forward unet2d | unet3d | vae-decode | vae-encode | scheduler</c> against the diffusers 0.17.1 fixtures.</summary>
public sealed class DiffusionForwardCommandTests
{
    private const double Tolerance = 1e-4;

    public DiffusionForwardCommandTests() => TorchRuntime.Initialize();

    [Fact]
    public void ForwardUnet2d_WritesTheReferenceSample()
    {
        var fixture = Fixtures.PathOf("diffusion", "unet-tiny");
        var outputs = Run("unet2d", Path.Combine(fixture, "model"), Path.Combine(fixture, "inputs.safetensors"));
        using var scope = NewDisposeScope();
        var expected = SafeTensorsFile.Load(Path.Combine(fixture, "expected.safetensors"));
        AssertClose(expected["sample"], outputs["sample"]);
    }

    [Fact]
    public void ForwardUnet3d_WritesTheReferenceSample()
    {
        var fixture = Fixtures.PathOf("diffusion", "unet3d-tiny");
        var outputs = Run("unet3d", Path.Combine(fixture, "model"), Path.Combine(fixture, "inputs.safetensors"));
        using var scope = NewDisposeScope();
        var expected = SafeTensorsFile.Load(Path.Combine(fixture, "expected.safetensors"));
        AssertClose(expected["sample"], outputs["sample"]);
    }

    [Fact]
    public void ForwardUnet3d_OnA2DUNetFolder_FailsNamingTheBlockType()
    {
        var fixture = Fixtures.PathOf("diffusion", "unet-tiny");
        var (exitCode, stderr, _) = Invoke("unet3d", Path.Combine(fixture, "model"), Path.Combine(fixture, "inputs.safetensors"));
        Assert.NotEqual(0, exitCode);
        Assert.Contains("CrossAttnDownBlock2D", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ForwardScheduler_OnAVideoPipelineFolder_RunsTheTextToVideoLoop()
    {
        var folder = Directory.CreateTempSubdirectory("video-scheduler-").FullName;
        var inputs = Path.Combine(folder, "inputs.safetensors");
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "scheduler"));
            File.Copy(Fixtures.PathOf("diffusion", "loops", "video-ddim", "scheduler_config.json"), Path.Combine(folder, "scheduler", "scheduler_config.json"));
            Directory.CreateDirectory(Path.Combine(folder, "unet"));
            foreach (var file in Directory.GetFiles(Fixtures.PathOf("diffusion", "unet3d-tiny", "model")))
            {
                File.Copy(file, Path.Combine(folder, "unet", Path.GetFileName(file)));
            }

            using var scope = NewDisposeScope();
            var expected = SafeTensorsFile.Load(Fixtures.PathOf("diffusion", "loops", "video-ddim", "video.safetensors"));
            SafeTensorsFile.Save(inputs, new Dictionary<string, Tensor>
            {
                ["initial_noise"] = expected["initial_latents"],     // DDIM's init_noise_sigma is 1
                ["encoder_hidden_states"] = expected["prompt_embeds"],
                ["negative_encoder_hidden_states"] = expected["negative_prompt_embeds"],
                ["num_inference_steps"] = tensor(8L),
                ["guidance_scale"] = tensor(7.5),
            });

            var outputs = Run("scheduler", folder, inputs);

            AssertClose(expected["latents"], outputs["latents"], relative: true);
            Assert.Equal(expected["timesteps"].to_type(ScalarType.Float64).data<double>().ToArray(), outputs["timesteps"].data<double>().ToArray());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ForwardVaeDecodeAndEncode_WriteTheReferenceTensors()
    {
        var fixture = Fixtures.PathOf("diffusion", "vae-tiny");
        using var scope = NewDisposeScope();
        var expected = SafeTensorsFile.Load(Path.Combine(fixture, "expected.safetensors"));
        var decoded = Run("vae-decode", Path.Combine(fixture, "model"), Path.Combine(fixture, "inputs.safetensors"));
        var encoded = Run("vae-encode", Path.Combine(fixture, "model"), Path.Combine(fixture, "inputs.safetensors"));

        AssertClose(expected["decoded"], decoded["decoded"]);
        AssertClose(expected["mean"], encoded["encoded_mean"]);
        AssertClose(expected["logvar"], encoded["encoded_logvar"]);
    }

    [Fact]
    public void ForwardScheduler_RunsTheGuidedLoopLikeDiffusers()
    {
        // A model folder in diffusers' pipeline layout: scheduler/scheduler_config.json and unet/.
        var folder = Directory.CreateTempSubdirectory("scheduler-model-").FullName;
        var inputs = Path.Combine(folder, "inputs.safetensors");
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "scheduler"));
            File.Copy(Fixtures.PathOf("diffusion", "loops", "pndm", "scheduler_config.json"), Path.Combine(folder, "scheduler", "scheduler_config.json"));
            Directory.CreateDirectory(Path.Combine(folder, "unet"));
            foreach (var file in Directory.GetFiles(Fixtures.PathOf("diffusion", "unet-tiny", "model")))
            {
                File.Copy(file, Path.Combine(folder, "unet", Path.GetFileName(file)));
            }

            using var scope = NewDisposeScope();
            var expected = SafeTensorsFile.Load(Fixtures.PathOf("diffusion", "loops", "pndm", "image.safetensors"));
            SafeTensorsFile.Save(inputs, new Dictionary<string, Tensor>
            {
                ["initial_noise"] = expected["initial_latents"],     // PNDM's init_noise_sigma is 1
                ["encoder_hidden_states"] = expected["prompt_embeds"],
                ["negative_encoder_hidden_states"] = expected["negative_prompt_embeds"],
                ["num_inference_steps"] = tensor(10L),
                ["guidance_scale"] = tensor(7.5),
            });

            var outputs = Run("scheduler", folder, inputs);

            AssertClose(expected["latents"], outputs["latents"], relative: true);
            Assert.Equal(expected["timesteps"].to_type(ScalarType.Float64).data<double>().ToArray(), outputs["timesteps"].data<double>().ToArray());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ForwardUnet2d_WithoutASample_FailsClearly()
    {
        var fixture = Fixtures.PathOf("diffusion", "vae-tiny");
        var (exitCode, stderr, _) = Invoke("unet2d", Fixtures.PathOf("diffusion", "unet-tiny", "model"), Path.Combine(fixture, "inputs.safetensors"));
        Assert.Equal(2, exitCode);
        Assert.Contains("'sample'", stderr, StringComparison.Ordinal);
    }

    private static Dictionary<string, Tensor> Run(string component, string model, string inputs)
    {
        var (exitCode, stderr, output) = Invoke(component, model, inputs);
        try
        {
            Assert.True(exitCode == 0, stderr);
            return SafeTensorsFile.Load(output);
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static (int ExitCode, string Stderr, string OutputFile) Invoke(string component, string model, string inputs)
    {
        var output = Path.Combine(Path.GetTempPath(), $"{component}-{Guid.NewGuid():N}.safetensors");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = NextGptCommandLine.Build().Parse(["forward", component, "--model", model, "--inputs", inputs, "--out", output])
            .Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (exitCode, stderr.ToString(), output);
    }

    private static void AssertClose(Tensor expected, Tensor actual, bool relative = false)
    {
        Assert.Equal(expected.shape, actual.shape);
        var scale = relative ? Math.Max(1.0, expected.abs().max().ToDouble()) : 1.0;
        var difference = (expected.to_type(ScalarType.Float64) - actual.to_type(ScalarType.Float64)).abs().max().ToDouble();
        Assert.True(difference < Tolerance * scale, $"max |expected - actual| = {difference}");
    }
}
