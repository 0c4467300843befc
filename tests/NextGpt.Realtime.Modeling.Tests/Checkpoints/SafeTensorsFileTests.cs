using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Runtime;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Checkpoints;

public sealed class SafeTensorsFileTests
{
    public SafeTensorsFileTests() => TorchRuntime.Initialize();

    [Fact]
    public void ReadsEveryDTypeWrittenByPyTorch()
    {
        using var scope = NewDisposeScope();
        using var file = SafeTensorsFile.Open(Fixtures.PathOf("checkpoints", "mixed_dtypes.safetensors"));
        var expected = (arange(24, dtype: ScalarType.Float64).reshape(2, 3, 4) / 8) - 1;

        Assert.Equal("pt", file.Metadata["format"]);
        Assert.True(file.Read("f32").to_type(ScalarType.Float64).equal(expected).all().item<bool>());
        Assert.True(file.Read("f16").to_type(ScalarType.Float64).equal(expected).all().item<bool>());
        Assert.True(file.Read("bf16").to_type(ScalarType.Float64).equal(expected).all().item<bool>());
        Assert.Equal(ScalarType.BFloat16, file.Read("bf16").dtype);
        Assert.Equal(ScalarType.Float32, file.Read("bf16", ScalarType.Float32).dtype);
        Assert.Equal([-2L, -1, 0, 1, 2, 3], file.Read("i64").data<long>().ToArray());
        Assert.Equal([0L, 5], file.Read("empty").shape);
    }

    [Fact]
    public void SaveThenOpen_RoundTripsNamesShapesValuesAndMetadata()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(Path.GetTempPath(), $"roundtrip-{Guid.NewGuid():N}.safetensors");
        var tensors = new Dictionary<string, Tensor>
        {
            ["model.layers.0.weight"] = randn(3, 5),
            ["a.half"] = randn(7).to_type(ScalarType.Float16),
            ["ids"] = arange(4, dtype: ScalarType.Int64),
        };
        try
        {
            SafeTensorsFile.Save(path, tensors, new Dictionary<string, string> { ["k"] = "v" });
            using var file = SafeTensorsFile.Open(path);

            Assert.Equal(["a.half", "ids", "model.layers.0.weight"], file.Names.ToArray());
            Assert.Equal("v", file.Metadata["k"]);
            foreach (var (name, tensor) in tensors)
            {
                Assert.True(file.Read(name).equal(tensor).all().item<bool>(), name);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 1, 2, 3 })]
    [InlineData(new byte[] { 255, 255, 255, 255, 255, 255, 255, 127, (byte)'{', (byte)'}' })]
    [InlineData(new byte[] { 2, 0, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'x' })]
    public void CorruptFiles_AreRefusedWithAClearError(byte[] content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"corrupt-{Guid.NewGuid():N}.safetensors");
        File.WriteAllBytes(path, content);
        try
        {
            var error = Assert.ThrowsAny<Exception>(() => SafeTensorsFile.Open(path).Dispose());
            Assert.True(error is InvalidDataException or ArgumentException, error.GetType().Name + ": " + error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void OffsetsOutsideTheFile_AreRefused()
    {
        var header = """{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"""u8.ToArray();
        var path = Path.Combine(Path.GetTempPath(), $"short-{Guid.NewGuid():N}.safetensors");
        File.WriteAllBytes(path, [.. BitConverter.GetBytes((long)header.Length), .. header, 0, 0, 0, 0]);
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Open(path).Dispose());
            Assert.Contains("'w'", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
