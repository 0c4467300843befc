using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Checkpoints.PyTorch;
using NextGpt.Realtime.Modeling.LanguageModel;
using NextGpt.Realtime.Modeling.Runtime;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Checkpoints;

/// <summary>More real torch.save files (tools/reference/make_pickle_fixtures.py): strided views, more dtypes, and a real
/// nn.Module state dict whose <c>_metadata</c> comes back through BUILD.</summary>
public sealed class PyTorchStateDictTests
{
    public PyTorchStateDictTests() => TorchRuntime.Initialize();

    [Theory]
    [InlineData("views")]
    [InlineData("module")]
    public void Every_tensor_reads_as_pytorch_saved_it(string fixture)
    {
        using var scope = NewDisposeScope();
        using var file = PyTorchCheckpointFile.Open(Fixtures.PathOf("pickle", fixture + ".pt"));
        var expected = SafeTensorsFile.Load(Fixtures.PathOf("pickle", fixture + "_expected.safetensors"));

        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), file.Names.Order(StringComparer.Ordinal));
        foreach (var (name, reference) in expected)
        {
            var actual = file.Read(name);
            Assert.Equal(reference.dtype, actual.dtype);
            Assert.Equal(reference.shape, actual.shape);
            Assert.Equal(reference.shape, file.ShapeOf(name));
            Assert.True(reference.equal(actual).all().item<bool>(), $"{name} differs");
            Assert.True(actual.is_contiguous(), $"{name} is not contiguous");
        }
    }

    [Fact]
    public void Strided_views_keep_their_offset_and_stride()
    {
        using var file = PyTorchCheckpointFile.Open(Fixtures.PathOf("pickle", "views.pt"));

        Assert.Equal([6L, 2L], file.Record("column_stride").Stride);
        Assert.Equal(8, file.Record("offset_block").StorageOffset);
        Assert.Equal(2, file.Record("half_row").StorageOffset);
        Assert.Equal(file.Record("wide").Storage, file.Record("offset_block").Storage);
        Assert.Empty(file.Record("scalar").Shape);
    }

    [Fact]
    public void A_module_state_dict_keeps_its_buffers()
    {
        using var file = PyTorchCheckpointFile.Open(Fixtures.PathOf("pickle", "module.pt"));

        Assert.Equal(["0.weight", "0.bias", "1.weight", "1.bias", "2.weight", "2.bias", "2.running_mean", "2.running_var",
            "2.num_batches_tracked"], file.Names);
        Assert.Empty(file.SkippedKeys);
    }

    [Fact]
    public void A_real_torch_save_reaching_for_getattr_is_refused()
    {
        var error = Assert.Throws<UnsafeCheckpointException>(() => PyTorchCheckpointFile.Open(Fixtures.PathOf("pickle", "hostile_getattr.pt")));

        Assert.Contains("'__builtin__.getattr'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dict_that_contains_itself_is_refused_not_recursed_forever()
    {
        var error = Assert.Throws<InvalidDataException>(() => PyTorchCheckpointFile.Open(Fixtures.PathOf("pickle", "hostile_recursive.pt")));

        Assert.Contains("nests dictionaries", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_view_whose_extent_wraps_around_is_refused()
    {
        // (3 - 1) * 2^62 wraps to a negative long, which an unchecked bound would accept.
        var record = new TorchTensorRecord(new TorchStorageReference("0", ScalarType.Float32, 10), 0, [3, 1], [1L << 62, 1]);

        var error = Assert.Throws<InvalidDataException>(() => record.Validate("w"));

        Assert.Contains("storage of 10 elements", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trainer_folder_loads_its_pytorch_model_files_and_leaves_training_args_alone()
    {
        var folder = CopyOfLlamaShards();
        try
        {
            File.Copy(Fixtures.PathOf("pickle", "hostile_object.pt"), Path.Combine(folder, "training_args.bin"));
            File.Delete(Path.Combine(folder, "pytorch_model.bin.index.json"));

            Assert.Equal(2, CheckpointFiles.In(folder).Count);
            using var model = LlamaForCausalLM.FromPretrained(folder);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_name_in_two_weight_files_is_refused()
    {
        var folder = CopyOfLlamaShards();
        try
        {
            File.Delete(Path.Combine(folder, "pytorch_model.bin.index.json"));
            File.Copy(Fixtures.PathOf("llama", "tiny", "model", "model.safetensors"), Path.Combine(folder, "duplicate.safetensors"));
            var files = CheckpointFiles.In(folder).Append(Path.Combine(folder, "duplicate.safetensors")).ToList();
            using var model = new LlamaForCausalLM(LlamaConfig.Load(Path.Combine(folder, "config.json")));

            var error = Assert.Throws<InvalidDataException>(() => ModuleWeights.Load(model, files));

            Assert.Contains("is in both", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Unwrapped_stage_one_llm_keys_get_the_same_peft_names_as_stage_three()
    {
        var (components, unknown) = NextGptCheckpointLayout.Split(
            ["llama_model.model.embed_tokens.weight", "llama_model.base_model.model.lm_head.weight", "mm_input_projector.in_fc.weight"]);

        Assert.Equal([("llama_model.model.embed_tokens.weight", "base_model.model.model.embed_tokens.weight"),
            ("llama_model.base_model.model.lm_head.weight", "base_model.model.lm_head.weight")], components["llm_adapter"]);
        Assert.Equal(["mm_input_projector.in_fc.weight"], unknown);
    }

    private static string CopyOfLlamaShards()
    {
        var folder = Directory.CreateTempSubdirectory("llama-shards-").FullName;
        foreach (var file in Directory.GetFiles(Fixtures.PathOf("pickle", "llama-sharded")))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        return folder;
    }
}
