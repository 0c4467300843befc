using System.CommandLine;
using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Runtime;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Cli.Tests;

/// <summary>
/// <c>nextgpt forward imagebind-vision | imagebind-audio | input-projector | output-projector</c> on the reference fixtures
/// (tools/reference/make_imagebind_fixtures.py, make_projector_fixtures.py).
/// </summary>
public sealed class ForwardPerceptionComponentTests
{
    public ForwardPerceptionComponentTests() => TorchRuntime.Initialize();

    // folder (under tests/Fixtures), component, "output=expected" pairs.
    [Theory]
    [InlineData("imagebind", "imagebind-vision", "embeddings=vision")]
    [InlineData("imagebind", "imagebind-audio", "embeddings=audio_clips")]
    [InlineData("projectors/input-projector", "input-projector", "projected=projected,summed=summed")]
    [InlineData("projectors/output-projector", "output-projector", "output=output")]
    public void Forward_WritesTheReferenceOutputs(string fixture, string component, string pairs)
    {
        var folder = Fixtures.PathOf(fixture.Split('/'));
        var output = Path.Combine(Path.GetTempPath(), $"{component}-out-{Guid.NewGuid():N}.safetensors");
        try
        {
            var (exitCode, stderr) = Invoke("forward", component, "--model", Path.Combine(folder, "model"),
                "--inputs", Path.Combine(folder, "inputs.safetensors"), "--out", output);

            Assert.True(exitCode == 0, stderr);
            using var scope = NewDisposeScope();
            var actual = SafeTensorsFile.Load(output);
            var expected = SafeTensorsFile.Load(Path.Combine(folder, "expected.safetensors"));
            foreach (var pair in pairs.Split(','))
            {
                var (name, reference) = (pair.Split('=')[0], pair.Split('=')[1]);
                Assert.Equal(expected[reference].shape, actual[name].shape);
                Assert.True(expected[reference].allclose(actual[name], rtol: 0, atol: 1e-4), name);
            }
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Theory]
    [InlineData("imagebind-audio", "imagebind", "projectors/input-projector", "must hold fbank_clips")]
    [InlineData("output-projector", "projectors/output-projector", "projectors/input-projector", "must hold hidden_states")]
    [InlineData("imagebind-vision", "imagebind", "projectors/output-projector", "must hold pixel_values")]
    [InlineData("input-projector", "projectors/output-projector", "projectors/input-projector", "do not match the model")]
    public void Forward_WithMissingInputsOrWrongWeights_FailsClearly(string component, string modelFixture, string inputsFixture,
        string message)
    {
        var (exitCode, stderr) = Invoke("forward", component, "--model", Path.Combine(Fixtures.PathOf(modelFixture.Split('/')), "model"),
            "--inputs", Path.Combine(Fixtures.PathOf(inputsFixture.Split('/')), "inputs.safetensors"), "--out", "/tmp/never.safetensors");

        Assert.Equal(2, exitCode);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    private static (int ExitCode, string Stderr) Invoke(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = NextGptCommandLine.Build().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, error.ToString());
    }
}
