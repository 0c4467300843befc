using System.CommandLine;
using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Runtime;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Cli.Tests;

/// <summary><c>nextgpt forward fbank</c> (no --model) against torchaudio's kaldi fbank (tools/reference/make_preprocessing_fixtures.py).</summary>
public sealed class FbankForwardCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nextgpt-fbank-").FullName;

    public FbankForwardCommandTests() => TorchRuntime.Initialize();

    [Theory]
    [InlineData("speech")]
    [InlineData("tones_stereo")]
    public void Fbank_WritesTorchaudiosFeatures(string name)
    {
        var inputs = Path.Combine(_folder, "in.safetensors");
        var output = Path.Combine(_folder, "out.safetensors");
        using var scope = NewDisposeScope();
        var fixtures = SafeTensorsFile.Load(Fixtures.PathOf("preprocessing", "audio.safetensors"));
        // The raw 16 kHz waveform (channel 0); the component removes the mean itself.
        SafeTensorsFile.Save(inputs, new Dictionary<string, Tensor> { ["waveform"] = fixtures[name + ".resampled"][..1] });

        var (exitCode, stderr) = Invoke("forward", "fbank", "--inputs", inputs, "--out", output);

        Assert.True(exitCode == 0, stderr);
        var expected = fixtures[name + ".fbank"].to_type(ScalarType.Float64);
        var actual = SafeTensorsFile.Load(output)["fbank"].to_type(ScalarType.Float64);
        Assert.Equal(expected.shape, actual.shape);
        var relative = expected.sub(actual).abs().div(expected.abs().clamp_min(1.0)).max().item<double>();
        Assert.True(relative <= 1e-3, $"relative error {relative}");
    }

    [Fact]
    public void Fbank_WithoutAWaveform_FailsClearly()
    {
        var inputs = Path.Combine(_folder, "in.safetensors");
        using (var scope = NewDisposeScope())
        {
            SafeTensorsFile.Save(inputs, new Dictionary<string, Tensor> { ["audio"] = zeros(1, 16000) });
        }

        var (exitCode, stderr) = Invoke("forward", "fbank", "--inputs", inputs, "--out", Path.Combine(_folder, "out.safetensors"));

        Assert.Equal(2, exitCode);
        Assert.Contains("must hold waveform", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Fbank_OnLessThanOneFrame_FailsClearly()
    {
        var inputs = Path.Combine(_folder, "in.safetensors");
        using (var scope = NewDisposeScope())
        {
            SafeTensorsFile.Save(inputs, new Dictionary<string, Tensor> { ["waveform"] = zeros(1, 100) });
        }

        var (exitCode, stderr) = Invoke("forward", "fbank", "--inputs", inputs, "--out", Path.Combine(_folder, "out.safetensors"));

        Assert.Equal(2, exitCode);
        Assert.Contains("400-sample frame", stderr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int ExitCode, string Stderr) Invoke(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = NextGptCommandLine.Build().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, error.ToString());
    }
}
