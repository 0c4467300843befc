using MessagePack;
using MessagePack.Formatters;

namespace NextGpt.Realtime.Contracts.Serialization;

/// <summary>
/// A hand-written formatter for a <c>[MessagePackObject]</c> class with integer keys 0..n-1: an array of its fields,
/// <c>nil</c> for null, the same bytes MessagePack-CSharp's generated formatter writes. Reading tolerates shorter arrays
/// (absent trailing fields keep their defaults) and longer ones (fields of a newer server are skipped).
/// Hand-written because IL2CPP and other AOT targets cannot run MessagePack's runtime-emitted formatters.
/// </summary>
internal abstract class ContractFormatter<T> : IMessagePackFormatter<T?>
    where T : class, new()
{
    /// <summary>Number of fields written (the highest key + 1).</summary>
    protected abstract int FieldCount { get; }

    protected abstract void WriteFields(ref MessagePackWriter writer, T value, MessagePackSerializerOptions options);

    /// <summary>Reads field <paramref name="key"/> into <paramref name="value"/>; returns false for an unknown key.</summary>
    protected abstract bool ReadField(ref MessagePackReader reader, int key, T value, MessagePackSerializerOptions options);

    public void Serialize(ref MessagePackWriter writer, T? value, MessagePackSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }

        writer.WriteArrayHeader(FieldCount);
        WriteFields(ref writer, value, options);
    }

    public T? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil())
        {
            return null;
        }

        options.Security.DepthStep(ref reader);
        try
        {
            var value = new T();
            var count = reader.ReadArrayHeader();
            for (var key = 0; key < count; key++)
            {
                if (!ReadField(ref reader, key, value, options))
                {
                    reader.Skip();
                }
            }

            return value;
        }
        finally
        {
            reader.Depth--;
        }
    }
}
