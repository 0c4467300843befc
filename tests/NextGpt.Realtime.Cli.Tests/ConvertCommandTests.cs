using System.CommandLine;
using NextGpt.Realtime.Modeling.Adapters;
using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.LanguageModel;
using NextGpt.Realtime.Modeling.Projectors;
using NextGpt.Realtime.Modeling.Runtime;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Cli.Tests;

public sealed class ConvertCommandTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("nextgpt-convert-").FullName;

    public ConvertCommandTests() => TorchRuntime.Initialize();

    public void Dispose() => Directory.Delete(_out, recursive: true);

    [Fact]
    public void A_sharded_pytorch_folder_becomes_a_loadable_safetensors_folder()
    {
        var (exitCode, _, stderr) = Invoke("convert", "--in", Fixtures.PathOf("pickle", "llama-sharded"), "--out", _out);

        Assert.True(exitCode == 0, stderr);
        Assert.True(File.Exists(Path.Combine(_out, "model.safetensors.index.json")));
        Assert.Equal(2, Directory.GetFiles(_out, "model-0000?-of-00002.safetensors").Length);
        using var scope = NewDisposeScope();
        using var model = LlamaForCausalLM.FromPretrained(_out);
        var inputs = SafeTensorsFile.Load(Fixtures.PathOf("llama", "tiny", "inputs.safetensors"));
        var expected = SafeTensorsFile.Load(Fixtures.PathOf("llama", "tiny", "expected.safetensors"));
        using var noGrad = no_grad();
        Assert.True(expected["logits"].allclose(model.forward(new LlamaInput(InputIds: inputs["input_ids"])).Logits, rtol: 0, atol: 1e-4));
    }

    [Fact]
    public void The_nextgpt_layout_writes_component_folders_that_load()
    {
        var (exitCode, _, stderr) = Invoke("convert", "--in", Fixtures.PathOf("pickle", "nextgpt", "pytorch_model.pt"), "--out", _out,
            "--layout", "nextgpt");

        Assert.True(exitCode == 0, stderr);
        using var scope = NewDisposeScope();
        var expected = SafeTensorsFile.Load(Fixtures.PathOf("pickle", "nextgpt", "expected.safetensors"));
        using var video = OutputProjector.FromPretrained(Path.Combine(_out, "video_output_projector"));
        Assert.Equal(24, video.Config.NumInputTokens);
        Assert.True(expected["gen_text_hidden_fcs_video.0.query_embs"].equal(video.state_dict()["query_embs"]).all().item<bool>());
        using var input = InputProjector.FromPretrained(Path.Combine(_out, "input_projector"));
        Assert.Equal(12, input.Config.InDim);

        var llm = new LlamaForCausalLM(new LlamaConfig
        {
            HiddenSize = 16, NumHiddenLayers = 2, NumAttentionHeads = 2, IntermediateSize = 32, VocabSize = 40, MaxPositionEmbeddings = 32,
        }, lora: LoraConfig.NextGpt with { Rank = 4 });
        var loaded = PeftWeights.LoadFile(llm, Path.Combine(_out, "llm_adapter", "adapter_model.safetensors"));
        Assert.Equal(2 * 4 * 2 + 2, loaded.Count);
    }

    [Fact]
    public void A_hostile_pickle_is_refused_and_nothing_is_written()
    {
        var target = Path.Combine(_out, "x.safetensors");
        var (exitCode, _, stderr) = Invoke("convert", "--in", Fixtures.PathOf("pickle", "hostile_os_system.pt"), "--out", target);

        Assert.Equal(2, exitCode);
        Assert.Contains("posix.system", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public void Dtype_conversion_leaves_integer_tensors_alone()
    {
        var target = Path.Combine(_out, "mixed.safetensors");
        var (exitCode, _, stderr) = Invoke("convert", "--in", Fixtures.PathOf("pickle", "mixed.pt"), "--out", target, "--dtype", "f16");

        Assert.True(exitCode == 0, stderr);
        using var file = SafeTensorsFile.Open(target);
        Assert.Equal(ScalarType.Float16, file.Entries["f64"].DType);
        Assert.Equal(ScalarType.Int64, file.Entries["i64"].DType);
        Assert.Equal(ScalarType.Bool, file.Entries["bool"].DType);
    }

    private static (int ExitCode, string Stdout, string Stderr) Invoke(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = NextGptCommandLine.Build().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
