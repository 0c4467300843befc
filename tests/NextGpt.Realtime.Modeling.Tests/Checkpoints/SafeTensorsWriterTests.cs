using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Runtime;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Checkpoints;

public sealed class SafeTensorsWriterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("writer-").FullName;

    public SafeTensorsWriterTests() => TorchRuntime.Initialize();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Streamed_tensors_read_back_equal_and_match_what_Save_writes()
    {
        using var scope = NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>
        {
            ["b"] = arange(12, dtype: ScalarType.Float32).reshape(3, 4).t(),   // non-contiguous on purpose
            ["a"] = tensor(new long[] { -1, 2, 3 }),
            ["c"] = zeros(0, 2, dtype: ScalarType.BFloat16),
        };
        var streamed = Path.Combine(_folder, "streamed.safetensors");
        var saved = Path.Combine(_folder, "saved.safetensors");

        SafeTensorsWriter.Write(streamed, tensors.Select(kv => (kv.Key, kv.Value.dtype, kv.Value.shape)).ToList(), name => tensors[name].alias());
        SafeTensorsFile.Save(saved, tensors);

        Assert.Equal(File.ReadAllBytes(saved), File.ReadAllBytes(streamed));
        var loaded = SafeTensorsFile.Load(streamed);
        Assert.True(tensors["b"].equal(loaded["b"]).all().item<bool>());
    }

    [Fact]
    public void A_tensor_that_does_not_match_its_declaration_leaves_no_file()
    {
        var path = Path.Combine(_folder, "bad.safetensors");

        var error = Assert.Throws<InvalidDataException>(() => SafeTensorsWriter.Write(path,
            [("x", ScalarType.Float32, new long[] { 2 })], _ => zeros(3)));

        Assert.Contains("declared", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_folder));
    }
}
