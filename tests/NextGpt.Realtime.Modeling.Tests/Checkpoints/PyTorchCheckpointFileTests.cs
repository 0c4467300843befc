using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Checkpoints.PyTorch;
using NextGpt.Realtime.Modeling.LanguageModel;
using NextGpt.Realtime.Modeling.Runtime;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Checkpoints;

/// <summary>The restricted reader against real torch.save files (tools/reference/make_pickle_fixtures.py).</summary>
public sealed class PyTorchCheckpointFileTests
{
    public PyTorchCheckpointFileTests() => TorchRuntime.Initialize();

    [Fact]
    public void Every_dtype_view_and_shared_storage_reads_as_pytorch_saved_it()
    {
        using var scope = NewDisposeScope();
        using var file = PyTorchCheckpointFile.Open(Fixtures.PathOf("pickle", "mixed.pt"));
        var expected = SafeTensorsFile.Load(Fixtures.PathOf("pickle", "mixed_expected.safetensors"));

        Assert.Equal(["f32", "f16", "bf16", "f64", "i64", "i8", "u8", "bool", "transposed", "shared_whole", "shared_tail", "param", "empty"], file.Names);
        foreach (var (name, reference) in expected)
        {
            var actual = file.Read(name);
            Assert.Equal(reference.dtype, actual.dtype);
            Assert.Equal(reference.shape, actual.shape);
            Assert.True(reference.equal(actual).all().item<bool>(), $"{name} differs");
        }

        Assert.Equal(4, file.Record("shared_tail").StorageOffset);
        Assert.Equal(ScalarType.Float16, file.Read("f32", ScalarType.Float16).dtype);
    }

    [Fact]
    public void Nested_dictionaries_flatten_with_dots_and_non_tensors_are_listed()
    {
        using var file = PyTorchCheckpointFile.Open(Fixtures.PathOf("pickle", "nested.pt"));

        Assert.Equal(["state_dict.w", "state_dict.b"], file.Names);
        Assert.Equal(["epoch"], file.SkippedKeys);
    }

    [Fact]
    public void A_sharded_pytorch_llama_folder_loads_and_matches_the_reference_logits()
    {
        using var scope = NewDisposeScope();
        var folder = Fixtures.PathOf("pickle", "llama-sharded");
        Assert.Equal(2, CheckpointFiles.In(folder).Count);
        using var model = LlamaForCausalLM.FromPretrained(folder);
        var inputs = SafeTensorsFile.Load(Fixtures.PathOf("llama", "tiny", "inputs.safetensors"));
        var expected = SafeTensorsFile.Load(Fixtures.PathOf("llama", "tiny", "expected.safetensors"));

        using var noGrad = no_grad();
        var output = model.forward(new LlamaInput(InputIds: inputs["input_ids"]));
        Assert.True(expected["logits"].allclose(output.Logits, rtol: 0, atol: 1e-4));
    }

    [Theory]
    [InlineData("hostile_os_system.pt", "posix.system")]
    [InlineData("hostile_eval.pt", "__builtin__.eval")]
    [InlineData("hostile_object.pt", "argparse.Namespace")]
    public void A_pickle_that_reaches_for_anything_else_is_refused_naming_it(string fixture, string global)
    {
        var error = Assert.Throws<UnsafeCheckpointException>(() => PyTorchCheckpointFile.Open(Fixtures.PathOf("pickle", fixture)));
        Assert.Contains($"'{global}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("nothing in it was run", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("legacy.pt", "legacy")]
    [InlineData("truncated.pt", "damaged zip")]
    public void Unsupported_or_damaged_files_get_a_clear_error(string fixture, string expected)
    {
        var error = Assert.ThrowsAny<InvalidDataException>(() => PyTorchCheckpointFile.Open(Fixtures.PathOf("pickle", fixture)));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_is_not_a_checkpoint()
    {
        var path = Path.Combine(Path.GetTempPath(), $"empty-{Guid.NewGuid():N}.pt");
        File.WriteAllBytes(path, []);
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => CheckpointFiles.Open(path));
            Assert.Contains("not a PyTorch checkpoint", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_released_checkpoint_layout_splits_into_components_without_leftovers()
    {
        using var file = PyTorchCheckpointFile.Open(Fixtures.PathOf("pickle", "nextgpt", "pytorch_model.pt"));
        var (components, unknown) = NextGptCheckpointLayout.Split(file.Names);

        Assert.Empty(unknown);
        Assert.Equal(["audio_output_projector", "image_output_projector", "input_projector", "llm_adapter", "video_output_projector"],
            components.Keys.Order(StringComparer.Ordinal));
        Assert.Contains(("llama_model.base_model.model.model.layers.1.self_attn.v_proj.lora_B.default.weight",
            "base_model.model.model.layers.1.self_attn.v_proj.lora_B.default.weight"), components["llm_adapter"]);
        Assert.Contains(("gen_text_hidden_fcs_video.0.query_embs", "query_embs"), components["video_output_projector"]);
        Assert.Contains(("llama_proj.bias", "bias"), components["input_projector"]);
    }
}
