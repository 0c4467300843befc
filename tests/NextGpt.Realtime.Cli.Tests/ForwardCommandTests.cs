using System.CommandLine;
using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Runtime;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Cli.Tests;

public sealed class ForwardCommandTests
{
    private static readonly string LlamaFixture = Fixtures.PathOf("llama", "tiny");

    public ForwardCommandTests() => TorchRuntime.Initialize();

    [Fact]
    public void ForwardLlama_WritesTheReferenceLogits()
    {
        var output = Path.Combine(Path.GetTempPath(), $"llama-out-{Guid.NewGuid():N}.safetensors");
        try
        {
            var (exitCode, stderr) = Invoke("forward", "llama", "--model", Path.Combine(LlamaFixture, "model"),
                "--inputs", Path.Combine(LlamaFixture, "inputs.safetensors"), "--out", output);

            Assert.True(exitCode == 0, stderr);
            using var scope = NewDisposeScope();
            var actual = SafeTensorsFile.Load(output);
            var expected = SafeTensorsFile.Load(Path.Combine(LlamaFixture, "expected.safetensors"));
            Assert.True(expected["logits"].allclose(actual["logits"], rtol: 0, atol: 1e-4));
            Assert.True(expected["hidden_states"].allclose(actual["hidden_states"], rtol: 0, atol: 1e-4));
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public void ForwardLlama_OnInputsEmbedsWithLeftPadding_WritesTheReferenceOutputsOnRealTokens()
    {
        var inputs = Path.Combine(Path.GetTempPath(), $"llama-in-{Guid.NewGuid():N}.safetensors");
        var output = Path.Combine(Path.GetTempPath(), $"llama-out-{Guid.NewGuid():N}.safetensors");
        try
        {
            using var scope = NewDisposeScope();
            var reference = SafeTensorsFile.Load(Path.Combine(LlamaFixture, "inputs.safetensors"));
            var table = SafeTensorsFile.Load(Path.Combine(LlamaFixture, "model", "model.safetensors"))["model.embed_tokens.weight"];
            var ids = reference["input_ids"];
            SafeTensorsFile.Save(inputs, new Dictionary<string, Tensor>
            {
                ["inputs_embeds"] = table.index_select(0, ids.reshape(-1)).reshape(ids.shape[0], ids.shape[1], -1),  // (B, T, D)
                ["attention_mask"] = reference["padded_attention_mask"],
            });

            var (exitCode, stderr) = Invoke("forward", "llama", "--model", Path.Combine(LlamaFixture, "model"), "--inputs", inputs, "--out", output);

            Assert.True(exitCode == 0, stderr);
            var actual = SafeTensorsFile.Load(output);
            var expected = SafeTensorsFile.Load(Path.Combine(LlamaFixture, "expected.safetensors"));
            Assert.True(expected["padded_logits"][0].allclose(actual["logits"][0], rtol: 0, atol: 1e-4));
            Assert.True(expected["padded_hidden_states"][1].narrow(0, 3, 4).allclose(actual["hidden_states"][1].narrow(0, 3, 4), rtol: 0, atol: 1e-4));
        }
        finally
        {
            File.Delete(inputs);
            File.Delete(output);
        }
    }

    [Fact]
    public void ForwardLlama_WithoutIdsOrEmbeddings_FailsNamingWhatItFound()
    {
        var inputs = Path.Combine(Path.GetTempPath(), $"llama-in-{Guid.NewGuid():N}.safetensors");
        try
        {
            using (var scope = NewDisposeScope())
            {
                SafeTensorsFile.Save(inputs, new Dictionary<string, Tensor> { ["input_id"] = zeros(1, 3, dtype: ScalarType.Int64) });
            }

            var (exitCode, stderr) = Invoke("forward", "llama", "--model", Path.Combine(LlamaFixture, "model"), "--inputs", inputs,
                "--out", "/tmp/never.safetensors");

            Assert.NotEqual(0, exitCode);
            Assert.Contains("input_id", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(inputs);
        }
    }

    [Fact]
    public void ForwardLlama_WithAMissingModelFolder_FailsClearly()
    {
        var (exitCode, stderr) = Invoke("forward", "llama", "--model", "/nonexistent/model",
            "--inputs", Path.Combine(LlamaFixture, "inputs.safetensors"), "--out", "/tmp/never.safetensors");

        Assert.Equal(2, exitCode);
        Assert.Contains("/nonexistent/model does not exist", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ForwardLlama_WithInputsThatAreNotSafeTensors_FailsClearly()
    {
        var bogus = Path.Combine(Path.GetTempPath(), $"bogus-{Guid.NewGuid():N}.safetensors");
        File.WriteAllText(bogus, "not tensors");
        try
        {
            var (exitCode, stderr) = Invoke("forward", "llama", "--model", Path.Combine(LlamaFixture, "model"),
                "--inputs", bogus, "--out", "/tmp/never.safetensors");

            Assert.Equal(2, exitCode);
            Assert.Contains("safetensors header", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(bogus);
        }
    }

    [Fact]
    public void ForwardLlama_WithAHostilePyTorchCheckpoint_FailsNamingTheRefusedGlobal()
    {
        var folder = Directory.CreateTempSubdirectory("hostile-model-").FullName;
        try
        {
            File.Copy(Path.Combine(LlamaFixture, "model", "config.json"), Path.Combine(folder, "config.json"));
            File.Copy(Fixtures.PathOf("pickle", "hostile_os_system.pt"), Path.Combine(folder, "pytorch_model.bin"));

            var (exitCode, stderr) = Invoke("forward", "llama", "--model", folder,
                "--inputs", Path.Combine(LlamaFixture, "inputs.safetensors"), "--out", "/tmp/never.safetensors");

            Assert.Equal(2, exitCode);
            Assert.Contains("'posix.system'", stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (int ExitCode, string Stderr) Invoke(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = NextGptCommandLine.Build().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, error.ToString());
    }
}
