using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Text;

namespace NextGpt.Realtime.Modeling.Checkpoints.PyTorch;

/// <summary>
/// A read-only, memory-mapped view of a zip archive whose entries are stored uncompressed, as <c>torch.save</c> writes
/// them (caffe2 inline_container: stored records, ZIP64 past 4 GB). Reading the central directory ourselves, rather than
/// through System.IO.Compression, gives each entry's absolute byte range, so a tensor is copied straight from the mapping
/// without streaming the records before it. Layout: PKWARE APPNOTE 6.3, sections 4.3.7 (local header), 4.3.12 (central
/// directory), 4.3.14-16 (ZIP64 end records), 4.5.3 (ZIP64 extra field).
/// </summary>
public sealed class StoredZipArchive : IDisposable
{
    private const uint LocalHeaderSignature = 0x04034b50;
    private const uint CentralHeaderSignature = 0x02014b50;
    private const uint EndSignature = 0x06054b50;
    private const uint Zip64EndSignature = 0x06064b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const int EndRecordSize = 22;
    private const int MaxCommentLength = 0xFFFF;

    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly Dictionary<string, StoredZipEntry> _entries;

    private StoredZipArchive(string path, long length, MemoryMappedFile map, MemoryMappedViewAccessor view)
    {
        Path = path;
        Length = length;
        _map = map;
        _view = view;
        _entries = new Dictionary<string, StoredZipEntry>(StringComparer.Ordinal);
    }

    public string Path { get; }

    public long Length { get; }

    public IReadOnlyDictionary<string, StoredZipEntry> Entries => _entries;

    /// <summary>True when the file starts with a zip local-file-header signature.</summary>
    public static bool HasZipSignature(ReadOnlySpan<byte> head) =>
        head.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(head) == LocalHeaderSignature;

    public static StoredZipArchive Open(string path)
    {
        var length = new FileInfo(path).Length;
        if (length < EndRecordSize)
        {
            throw new InvalidDataException($"{path} is not a zip archive: {length} bytes is shorter than the end-of-directory record.");
        }

        var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        var archive = new StoredZipArchive(path, length, map, view);
        try
        {
            archive.ReadCentralDirectory();
            return archive;
        }
        catch
        {
            archive.Dispose();
            throw;
        }
    }

    /// <summary>Copies <paramref name="target"/>.Length bytes from <paramref name="offset"/> within an entry.</summary>
    public void Read(StoredZipEntry entry, long offset, Span<byte> target)
    {
        if (offset < 0 || offset + target.Length > entry.Length)
        {
            throw new InvalidDataException(
                $"{Path}: bytes [{offset}, {offset + target.Length}) lie outside record '{entry.Name}' of {entry.Length} bytes.");
        }

        Copy(entry.DataOffset + offset, target);
    }

    /// <summary>A whole (small) entry as an array.</summary>
    public byte[] ReadAll(StoredZipEntry entry)
    {
        var bytes = new byte[checked((int)entry.Length)];
        Read(entry, 0, bytes);
        return bytes;
    }

    public void Dispose()
    {
        _view.Dispose();
        _map.Dispose();
    }

    private void ReadCentralDirectory()
    {
        var end = FindEndRecord();
        long count = ReadUInt16(end + 10);
        long size = ReadUInt32(end + 12);
        long start = ReadUInt32(end + 16);
        if (count == 0xFFFF || size == 0xFFFFFFFF || start == 0xFFFFFFFF)
        {
            (count, size, start) = ReadZip64End(end);
        }

        if (start < 0 || size < 0 || start + size > end)
        {
            throw Corrupt($"its central directory [{start}, {start + size}) does not fit before the end record at {end}");
        }

        var position = start;
        for (long i = 0; i < count; i++)
        {
            var entry = ReadCentralHeader(ref position, start + size);
            _entries[entry.Name] = entry;
        }
    }

    private long FindEndRecord()
    {
        // The end record sits in the last 22 bytes plus an optional comment of up to 65535 bytes.
        var lowest = Math.Max(0, Length - EndRecordSize - MaxCommentLength);
        for (var position = Length - EndRecordSize; position >= lowest; position--)
        {
            if (ReadUInt32(position) == EndSignature)
            {
                return position;
            }
        }

        throw Corrupt("no end-of-central-directory record was found (the file is truncated or not a zip archive)");
    }

    private (long Count, long Size, long Start) ReadZip64End(long end)
    {
        var locator = end - 20;
        if (locator < 0 || ReadUInt32(locator) != Zip64LocatorSignature)
        {
            throw Corrupt("its end record points to a ZIP64 directory but the ZIP64 locator is missing");
        }

        var record = checked((long)ReadUInt64(locator + 8));
        if (record < 0 || record + 56 > locator || ReadUInt32(record) != Zip64EndSignature)
        {
            throw Corrupt("the ZIP64 end-of-central-directory record is missing");
        }

        return (checked((long)ReadUInt64(record + 32)), checked((long)ReadUInt64(record + 40)), checked((long)ReadUInt64(record + 48)));
    }

    private StoredZipEntry ReadCentralHeader(ref long position, long limit)
    {
        if (position + 46 > limit || ReadUInt32(position) != CentralHeaderSignature)
        {
            throw Corrupt($"the central directory entry at {position} is damaged");
        }

        var flags = ReadUInt16(position + 8);
        var method = ReadUInt16(position + 10);
        long compressed = ReadUInt32(position + 20);
        long uncompressed = ReadUInt32(position + 24);
        var nameLength = ReadUInt16(position + 28);
        var extraLength = ReadUInt16(position + 30);
        var commentLength = ReadUInt16(position + 32);
        long localOffset = ReadUInt32(position + 42);
        var next = position + 46 + nameLength + extraLength + commentLength;
        if (next > limit)
        {
            throw Corrupt($"the central directory entry at {position} runs past the directory");
        }

        var nameBytes = new byte[nameLength];
        Copy(position + 46, nameBytes);
        var name = Encoding.UTF8.GetString(nameBytes);
        ApplyZip64Extra(position + 46 + nameLength, extraLength, ref uncompressed, ref compressed, ref localOffset);
        position = next;

        if ((flags & 1) != 0)
        {
            throw Corrupt($"record '{name}' is encrypted");
        }

        if (method != 0 || compressed != uncompressed)
        {
            throw new InvalidDataException(
                $"{Path}: record '{name}' is compressed (method {method}); torch.save writes stored records, so this archive " +
                "was repacked by another tool. Re-save it with torch.save.");
        }

        if (localOffset < 0 || localOffset + 30 > Length || ReadUInt32(localOffset) != LocalHeaderSignature)
        {
            throw Corrupt($"the local header of record '{name}' is missing");
        }

        var dataOffset = localOffset + 30 + ReadUInt16(localOffset + 26) + ReadUInt16(localOffset + 28);
        if (dataOffset + uncompressed > Length)
        {
            throw Corrupt($"record '{name}' ([{dataOffset}, {dataOffset + uncompressed})) runs past the end of the {Length}-byte file");
        }

        return new StoredZipEntry(name, dataOffset, uncompressed);
    }

    private void ApplyZip64Extra(long extra, int length, ref long uncompressed, ref long compressed, ref long localOffset)
    {
        var end = extra + length;
        while (extra + 4 <= end)
        {
            var id = ReadUInt16(extra);
            var size = ReadUInt16(extra + 2);
            var field = extra + 4;
            if (id == 1)
            {
                // Only the fields whose 32-bit slot holds the 0xFFFFFFFF marker are present, in this order.
                if (uncompressed == 0xFFFFFFFF && field + 8 <= end)
                {
                    uncompressed = checked((long)ReadUInt64(field));
                    field += 8;
                }

                if (compressed == 0xFFFFFFFF && field + 8 <= end)
                {
                    compressed = checked((long)ReadUInt64(field));
                    field += 8;
                }

                if (localOffset == 0xFFFFFFFF && field + 8 <= end)
                {
                    localOffset = checked((long)ReadUInt64(field));
                }
            }

            extra += 4 + size;
        }
    }

    private InvalidDataException Corrupt(string why) => new($"{Path} is a damaged zip file: {why}.");

    private ushort ReadUInt16(long position) => _view.ReadUInt16(position);

    private uint ReadUInt32(long position) => _view.ReadUInt32(position);

    private ulong ReadUInt64(long position) => _view.ReadUInt64(position);

    private void Copy(long position, Span<byte> target)
    {
        if (target.Length == 0)
        {
            return;
        }

        unsafe
        {
            byte* pointer = null;
            _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            try
            {
                new ReadOnlySpan<byte>(pointer + _view.PointerOffset + position, target.Length).CopyTo(target);
            }
            finally
            {
                _view.SafeMemoryMappedViewHandle.ReleasePointer();
            }
        }
    }
}

/// <summary>One stored record: its name and the absolute byte range of its data in the file.</summary>
public sealed record StoredZipEntry(string Name, long DataOffset, long Length);
