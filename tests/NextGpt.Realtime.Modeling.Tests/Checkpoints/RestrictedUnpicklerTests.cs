using NextGpt.Realtime.Modeling.Checkpoints.PyTorch;

namespace NextGpt.Realtime.Modeling.Tests.Checkpoints;

/// <summary>Hand-written pickles: the opcodes and globals the restricted machine refuses, and damaged streams.</summary>
public sealed class RestrictedUnpicklerTests
{
    private static readonly byte[] Protocol2 = [0x80, 0x02];

    [Theory]
    [InlineData("csubprocess\nPopen\n", "'subprocess.Popen'")]
    [InlineData("ctorch.storage\n_load_from_bytes\n", "'torch.storage._load_from_bytes'")]
    [InlineData("cbuiltins\nexec\n", "'builtins.exec'")]
    [InlineData("cposix\nsystem\n", "'posix.system'")]
    public void Globals_outside_the_allow_list_are_refused_by_name(string global, string named)
    {
        var error = Assert.Throws<UnsafeCheckpointException>(() => RestrictedUnpickler.Load(Bytes(Protocol2, global, ")R."), "test"));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stack_global_outside_the_allow_list_is_refused()
    {
        // protocol 4: SHORT_BINUNICODE "os", SHORT_BINUNICODE "system", STACK_GLOBAL.
        byte[] pickle = [0x80, 0x04, 0x8c, 0x02, (byte)'o', (byte)'s', 0x8c, 0x06, .. "system"u8, 0x93, (byte)'.'];

        var error = Assert.Throws<UnsafeCheckpointException>(() => RestrictedUnpickler.Load(pickle, "test"));

        Assert.Contains("'os.system'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Calling_a_storage_type_is_refused()
    {
        Assert.Throws<UnsafeCheckpointException>(() => RestrictedUnpickler.Load(Bytes(Protocol2, "ctorch\nFloatStorage\n)R."), "test"));
    }

    [Theory]
    [InlineData("(i")]   // INST builds an instance of any class by name
    [InlineData("(o")]   // OBJ
    [InlineData("(P")]   // PERSID, text form
    public void Object_building_opcodes_are_refused(string body)
    {
        Assert.Throws<UnsafeCheckpointException>(() => RestrictedUnpickler.Load(Bytes(Protocol2, body, "."), "test"));
    }

    [Fact]
    public void Plain_values_are_read()
    {
        // {"a": [1, -2, 3.5, True, None], "b": (300, 70000)}
        var pickle = Bytes(Protocol2, "}q\0(X\x01\0\0\0a]q\x01(K\x01J\xfe\xff\xff\xff", new byte[] { (byte)'G', 0x40, 0x0c, 0, 0, 0, 0, 0, 0 },
            new byte[] { 0x88 }, "NeX\x01\0\0\0bM\x2c\x01", new byte[] { 0x8a, 0x03, 0x70, 0x11, 0x01, 0x86 }, "u.");

        var value = Assert.IsType<OrderedDictionary<object, object?>>(RestrictedUnpickler.Load(pickle, "test"));

        Assert.Equal(new object?[] { 1L, -2L, 3.5, true, null }, Assert.IsType<List<object?>>(value["a"]));
        Assert.Equal(new object?[] { 300L, 70000L }, Assert.IsType<object?[]>(value["b"]));
    }

    [Theory]
    [InlineData("X\xff\xff\xff\x7f")]   // a string longer than the data
    [InlineData("h\x05")]               // memo read before write
    [InlineData("K\x01K\x02")]          // no STOP
    [InlineData("\xff")]                // not an opcode
    public void Damaged_pickles_are_reported_as_invalid_not_crashes(string body)
    {
        var error = Assert.Throws<InvalidDataException>(() => RestrictedUnpickler.Load(Bytes(Protocol2, body), "test"));

        Assert.Contains("test is not a valid PyTorch checkpoint", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Bytes(params object[] parts) => parts.SelectMany(part => part switch
    {
        byte[] bytes => bytes,
        string text => text.Select(c => (byte)c),
        _ => throw new ArgumentException("bytes or Latin-1 text", nameof(parts)),
    }).ToArray();
}
