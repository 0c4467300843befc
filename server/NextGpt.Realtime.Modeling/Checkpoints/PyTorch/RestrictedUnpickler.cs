using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Checkpoints.PyTorch;

/// <summary>
/// A pickle virtual machine that understands only what <c>torch.save</c> writes for a tensor state dict (pickle protocol
/// 2, as PyTorch uses; the few protocol-4 opcodes are accepted too): dicts, lists, tuples, strings, numbers, booleans,
/// None, memo references, persistent ids naming storages, and these globals: <c>collections.OrderedDict</c>,
/// <c>torch._utils._rebuild_tensor_v2</c>, <c>torch._utils._rebuild_parameter</c>,
/// <c>torch._utils._rebuild_parameter_with_state</c> and the typed storage classes (<c>torch.FloatStorage</c>, ...).
/// Anything else, a global such as <c>os.system</c> or an opcode that would build an arbitrary object, is refused with
/// <see cref="UnsafeCheckpointException"/>. Nothing is ever imported or executed: allowed globals are interpreted here.
/// Format reference: CPython <c>Lib/pickletools.py</c>; tensors: <c>torch/_utils.py</c>, <c>torch/serialization.py</c>.
/// </summary>
public sealed class RestrictedUnpickler
{
    private static readonly Dictionary<string, ScalarType> StorageTypes = new(StringComparer.Ordinal)
    {
        ["FloatStorage"] = ScalarType.Float32,
        ["DoubleStorage"] = ScalarType.Float64,
        ["HalfStorage"] = ScalarType.Float16,
        ["BFloat16Storage"] = ScalarType.BFloat16,
        ["LongStorage"] = ScalarType.Int64,
        ["IntStorage"] = ScalarType.Int32,
        ["ShortStorage"] = ScalarType.Int16,
        ["CharStorage"] = ScalarType.Int8,
        ["ByteStorage"] = ScalarType.Byte,
        ["BoolStorage"] = ScalarType.Bool,
    };

    private static readonly HashSet<string> Callables = new(StringComparer.Ordinal)
    {
        "collections.OrderedDict",
        "torch._utils._rebuild_tensor_v2",
        "torch._utils._rebuild_parameter",
        "torch._utils._rebuild_parameter_with_state",
    };

    private readonly byte[] _data;
    private readonly string _source;
    private readonly List<object?> _stack = [];
    private readonly Stack<int> _marks = new();
    private readonly Dictionary<long, object?> _memo = [];
    private int _position;

    private RestrictedUnpickler(byte[] data, string source)
    {
        _data = data;
        _source = source;
    }

    /// <summary>Runs the pickle and returns its value: dictionaries are <see cref="OrderedDictionary{TKey,TValue}"/>,
    /// tensors <see cref="TorchTensorRecord"/>, tuples <c>object?[]</c>, lists <see cref="List{T}"/>.</summary>
    /// <param name="source">Names the file in error messages.</param>
    public static object? Load(byte[] data, string source) => new RestrictedUnpickler(data, source).Run();

    private object? Run()
    {
        while (true)
        {
            var opcode = ReadByte();
            switch (opcode)
            {
                case 0x80: // PROTO
                    var protocol = ReadByte();
                    if (protocol > 5)
                    {
                        throw Malformed($"pickle protocol {protocol} is newer than any PyTorch writes");
                    }

                    break;
                case 0x95: // FRAME: an 8-byte length; the frame's bytes follow in line.
                    Read(8);
                    break;
                case (byte)'.': // STOP
                    return _stack.Count == 1 ? _stack[0] : throw Malformed($"{_stack.Count} values are left on the stack at STOP");
                case (byte)'(': // MARK
                    _marks.Push(_stack.Count);
                    break;
                case (byte)'}': Push(new OrderedDictionary<object, object?>()); break;
                case (byte)']': Push(new List<object?>()); break;
                case (byte)')': Push(Array.Empty<object?>()); break;
                case (byte)'N': Push(null); break;
                case 0x88: Push(true); break;
                case 0x89: Push(false); break;
                case (byte)'J': Push((long)BinaryPrimitives.ReadInt32LittleEndian(Read(4))); break;
                case (byte)'K': Push((long)ReadByte()); break;
                case (byte)'M': Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Read(2))); break;
                case 0x8a: Push(ReadLong1()); break;
                case (byte)'G': Push(BinaryPrimitives.ReadDoubleBigEndian(Read(8))); break;
                case (byte)'X': Push(Encoding.UTF8.GetString(Read(ReadLength(4)))); break;
                case 0x8c: Push(Encoding.UTF8.GetString(Read(ReadByte()))); break;
                case (byte)'T': Push(Encoding.Latin1.GetString(Read(ReadLength(4)))); break;
                case (byte)'U': Push(Encoding.Latin1.GetString(Read(ReadByte()))); break;
                case (byte)'B': Push(Read(ReadLength(4)).ToArray()); break;
                case (byte)'C': Push(Read(ReadByte()).ToArray()); break;
                case (byte)'t': Push(PopToMark().ToArray()); break;
                case 0x85: Push(new[] { Pop() }); break;
                case 0x86: { var b = Pop(); var a = Pop(); Push(new[] { a, b }); break; }
                case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); Push(new[] { a, b, c }); break; }
                case (byte)'q': _memo[ReadByte()] = Peek(); break;
                case (byte)'r': _memo[BinaryPrimitives.ReadUInt32LittleEndian(Read(4))] = Peek(); break;
                case 0x94: _memo[_memo.Count] = Peek(); break;
                case (byte)'h': Push(Recall(ReadByte())); break;
                case (byte)'j': Push(Recall(BinaryPrimitives.ReadUInt32LittleEndian(Read(4)))); break;
                case (byte)'c': Push(Global(ReadLine(), ReadLine())); break;
                case 0x93: { var name = Pop() as string; var module = Pop() as string; Push(Global(module, name)); break; }
                case (byte)'R': { var args = Pop(); var callable = Pop(); Push(Call(callable, args)); break; }
                case (byte)'b': Build(Pop(), Peek()); break;
                case (byte)'s': { var value = Pop(); var key = Pop(); SetItem(Peek(), key, value); break; }
                case (byte)'u':
                    {
                        var items = PopToMark();
                        if (items.Count % 2 != 0)
                        {
                            throw Malformed("SETITEMS with an odd number of values");
                        }

                        var target = Peek();
                        for (var i = 0; i < items.Count; i += 2)
                        {
                            SetItem(target, items[i], items[i + 1]);
                        }

                        break;
                    }

                case (byte)'a': { var value = Pop(); AsList(Peek()).Add(value); break; }
                case (byte)'e': { var values = PopToMark(); AsList(Peek()).AddRange(values); break; }
                case (byte)'Q': Push(PersistentLoad(Pop())); break;
                case 0x81 or 0x92 or (byte)'i' or (byte)'o' or (byte)'P' or (byte)'S' or (byte)'V' or (byte)'I' or (byte)'L' or (byte)'F':
                    throw new UnsafeCheckpointException(
                        $"{_source}: the pickle uses opcode 0x{opcode:x2} ({OpcodeName(opcode)}), which a PyTorch state dict never needs; refused.");
                default:
                    throw Malformed($"unknown pickle opcode 0x{opcode:x2} at byte {_position - 1}");
            }
        }
    }

    private PickleGlobal Global(string? module, string? name)
    {
        if (module is null || name is null)
        {
            throw Malformed("a global without a module or name");
        }

        var global = new PickleGlobal(module, name);
        var allowed = Callables.Contains(global.FullName) || (module == "torch" && StorageTypes.ContainsKey(name));
        return allowed
            ? global
            : throw new UnsafeCheckpointException(
                $"{_source}: the pickle asks for the global '{global.FullName}', which is not part of a tensor state dict; " +
                "the file was refused and nothing in it was run. Only OrderedDict, tensor rebuild functions and storage types are allowed.");
    }

    private object? Call(object? callable, object? args)
    {
        if (callable is not PickleGlobal global || args is not object?[] arguments)
        {
            throw new UnsafeCheckpointException($"{_source}: the pickle calls something that is not an allowed global; refused.");
        }

        switch (global.FullName)
        {
            case "collections.OrderedDict":
                return arguments.Length == 0
                    ? new OrderedDictionary<object, object?>()
                    : throw Malformed("OrderedDict called with arguments");
            case "torch._utils._rebuild_tensor_v2":
                return RebuildTensor(arguments);
            case "torch._utils._rebuild_parameter" or "torch._utils._rebuild_parameter_with_state":
                return arguments.Length >= 3 && arguments[0] is TorchTensorRecord data
                    ? data
                    : throw Malformed($"{global.Name} without tensor data");
            default:
                throw new UnsafeCheckpointException($"{_source}: the pickle calls '{global.FullName}' as a function; refused.");
        }
    }

    // _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
    private TorchTensorRecord RebuildTensor(object?[] arguments)
    {
        if (arguments.Length < 4 || arguments[0] is not TorchStorageReference storage || arguments[1] is not long offset
            || arguments[2] is not object?[] size || arguments[3] is not object?[] stride)
        {
            throw Malformed("_rebuild_tensor_v2 with unexpected arguments");
        }

        return new TorchTensorRecord(storage, offset, Longs(size), Longs(stride));
    }

    // ('storage', torch.FloatStorage, key, location, numel)
    private TorchStorageReference PersistentLoad(object? id)
    {
        if (id is not object?[] { Length: 5 } tuple || tuple[0] is not "storage" || tuple[1] is not PickleGlobal type
            || tuple[2] is not string key || tuple[4] is not long count)
        {
            throw Malformed("a persistent id that is not a PyTorch storage");
        }

        if (!StorageTypes.TryGetValue(type.Name, out var dtype) || type.Module != "torch")
        {
            throw new UnsafeCheckpointException($"{_source}: storage type '{type.FullName}' is not supported.");
        }

        if (count < 0 || key.Contains('/', StringComparison.Ordinal) || key.Contains('\\', StringComparison.Ordinal) || key.Contains("..", StringComparison.Ordinal))
        {
            throw Malformed($"storage '{key}' has an invalid key or size");
        }

        return new TorchStorageReference(key, dtype, count);
    }

    // BUILD on a state dict sets its attributes (torch keeps `_metadata` there); it carries no tensors and is dropped.
    private void Build(object? state, object? target)
    {
        if (target is not OrderedDictionary<object, object?> || state is not (null or OrderedDictionary<object, object?>))
        {
            throw new UnsafeCheckpointException($"{_source}: the pickle sets the state of a {TypeName(target)}; refused.");
        }
    }

    private void SetItem(object? target, object? key, object? value)
    {
        if (target is not OrderedDictionary<object, object?> dictionary || key is null)
        {
            throw Malformed($"SETITEM on a {TypeName(target)}");
        }

        dictionary[key] = value;
    }

    private List<object?> AsList(object? target) => target as List<object?> ?? throw Malformed($"APPEND on a {TypeName(target)}");

    private object? Recall(long index) =>
        _memo.TryGetValue(index, out var value) ? value : throw Malformed($"memo entry {index} is read before it is written");

    private long[] Longs(object?[] values) =>
        values.Select(v => v is long l ? l : throw Malformed("a tensor size or stride that is not an integer")).ToArray();

    private long ReadLong1()
    {
        var bytes = Read(ReadByte());
        var value = new BigInteger(bytes, isUnsigned: false, isBigEndian: false);
        return value >= long.MinValue && value <= long.MaxValue ? (long)value : throw Malformed("an integer wider than 64 bits");
    }

    private List<object?> PopToMark()
    {
        if (_marks.Count == 0)
        {
            throw Malformed("a MARK is missing");
        }

        var mark = _marks.Pop();
        var items = _stack.GetRange(mark, _stack.Count - mark);
        _stack.RemoveRange(mark, _stack.Count - mark);
        return items;
    }

    private void Push(object? value) => _stack.Add(value);

    private object? Pop()
    {
        if (_stack.Count == 0 || (_marks.Count > 0 && _marks.Peek() >= _stack.Count))
        {
            throw Malformed("the stack is empty");
        }

        var value = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private object? Peek() => _stack.Count > 0 ? _stack[^1] : throw Malformed("the stack is empty");

    private byte ReadByte() => _position < _data.Length ? _data[_position++] : throw Malformed("the pickle ends early");

    private int ReadLength(int bytes)
    {
        var length = BinaryPrimitives.ReadUInt32LittleEndian(Read(bytes));
        return length <= int.MaxValue ? (int)length : throw Malformed("a string longer than the file");
    }

    private ReadOnlySpan<byte> Read(int count)
    {
        if (count < 0 || _position + count > _data.Length)
        {
            throw Malformed("the pickle ends early");
        }

        var span = _data.AsSpan(_position, count);
        _position += count;
        return span;
    }

    private string ReadLine()
    {
        var end = Array.IndexOf(_data, (byte)'\n', _position);
        if (end < 0)
        {
            throw Malformed("the pickle ends early");
        }

        var line = Encoding.ASCII.GetString(_data, _position, end - _position);
        _position = end + 1;
        return line;
    }

    private InvalidDataException Malformed(string what) => new($"{_source} is not a valid PyTorch checkpoint: {what}.");

    private static string TypeName(object? value) => value?.GetType().Name ?? "None";

    private static string OpcodeName(byte opcode) => opcode switch
    {
        0x81 => "NEWOBJ",
        0x92 => "NEWOBJ_EX",
        (byte)'i' => "INST",
        (byte)'o' => "OBJ",
        (byte)'P' => "PERSID",
        _ => "text-protocol opcode",
    };
}
