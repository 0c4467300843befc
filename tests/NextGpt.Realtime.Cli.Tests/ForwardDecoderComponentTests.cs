using System.CommandLine;
using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Runtime;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Cli.Tests;

/// <summary><c>nextgpt forward clip-text | clap-text | vocoder</c> on the reference fixtures (tools/reference).</summary>
public sealed class ForwardDecoderComponentTests
{
    public ForwardDecoderComponentTests() => TorchRuntime.Initialize();

    // "output=expected" pairs: the CLIP fixture's inputs carry an attention_mask, which the component passes on.
    [Theory]
    [InlineData("clip-text", "last_hidden_state=masked_last_hidden_state,pooler_output=masked_pooler_output")]
    [InlineData("clap-text", "text_embeds=text_embeds,last_hidden_state=last_hidden_state")]
    [InlineData("vocoder", "waveform=waveform")]
    public void Forward_WritesTheReferenceOutputs(string component, string pairs)
    {
        var folder = Fixtures.PathOf(component);
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
                Assert.True(expected[reference].allclose(actual[name], rtol: 0, atol: 1e-4), name);
            }
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public void ForwardVocoder_WithoutASpectrogram_FailsClearly()
    {
        var (exitCode, stderr) = Invoke("forward", "vocoder", "--model", Fixtures.PathOf("vocoder", "model"),
            "--inputs", Fixtures.PathOf("clip-text", "inputs.safetensors"), "--out", "/tmp/never.safetensors");

        Assert.Equal(2, exitCode);
        Assert.Contains("must hold spectrogram", stderr, StringComparison.Ordinal);
    }

    private static (int ExitCode, string Stderr) Invoke(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = NextGptCommandLine.Build().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, error.ToString());
    }
}
