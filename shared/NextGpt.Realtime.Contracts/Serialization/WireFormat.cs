using System;
using System.Collections.Generic;
using MessagePack;
using NextGpt.Realtime.Contracts.Primitives;

namespace NextGpt.Realtime.Contracts.Serialization;

/// <summary>
/// The few composite values the contracts use (string/int/enum arrays, a string-to-double map, byte arrays), written
/// exactly as MessagePack-CSharp's built-in formatters write them, so the bytes equal the server's.
/// </summary>
internal static class WireFormat
{
    public static void WriteStrings(ref MessagePackWriter writer, string[]? values)
    {
        if (values is null)
        {
            writer.WriteNil();
            return;
        }

        writer.WriteArrayHeader(values.Length);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    public static string[] ReadStrings(ref MessagePackReader reader)
    {
        if (reader.TryReadNil())
        {
            return [];
        }

        var values = new string[reader.ReadArrayHeader()];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadString() ?? "";
        }

        return values;
    }

    public static void WriteInts(ref MessagePackWriter writer, int[]? values)
    {
        if (values is null)
        {
            writer.WriteNil();
            return;
        }

        writer.WriteArrayHeader(values.Length);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    public static int[] ReadInts(ref MessagePackReader reader)
    {
        if (reader.TryReadNil())
        {
            return [];
        }

        var values = new int[reader.ReadArrayHeader()];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadInt32();
        }

        return values;
    }

    /// <summary>Enums travel as their integer value (MessagePack-CSharp's default for enums).</summary>
    public static void WriteModalities(ref MessagePackWriter writer, Modality[]? values)
    {
        if (values is null)
        {
            writer.WriteNil();
            return;
        }

        writer.WriteArrayHeader(values.Length);
        foreach (var value in values)
        {
            writer.Write((int)value);
        }
    }

    public static Modality[] ReadModalities(ref MessagePackReader reader)
    {
        if (reader.TryReadNil())
        {
            return [];
        }

        var values = new Modality[reader.ReadArrayHeader()];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = ReadEnum<Modality>(ref reader);
        }

        return values;
    }

    /// <summary>
    /// Reads an enum written as its integer (this resolver, the wire spec) or as its name (SignalR's default MessagePack
    /// resolver uses DynamicEnumAsStringResolver, so a server left at its defaults sends names).
    /// </summary>
    public static TEnum ReadEnum<TEnum>(ref MessagePackReader reader)
        where TEnum : struct, Enum
    {
        if (reader.NextMessagePackType != MessagePackType.String)
        {
            return (TEnum)Enum.ToObject(typeof(TEnum), reader.ReadInt32());
        }

        var name = reader.ReadString();
        return Enum.TryParse<TEnum>(name, ignoreCase: false, out var value)
            ? value
            : throw new MessagePackSerializationException($"'{name}' is not a {typeof(TEnum).Name}.");
    }

    public static void WriteDoubleMap(ref MessagePackWriter writer, Dictionary<string, double>? values)
    {
        if (values is null)
        {
            writer.WriteNil();
            return;
        }

        writer.WriteMapHeader(values.Count);
        foreach (var pair in values)
        {
            writer.Write(pair.Key);
            writer.Write(pair.Value);
        }
    }

    public static Dictionary<string, double> ReadDoubleMap(ref MessagePackReader reader)
    {
        var values = new Dictionary<string, double>();
        if (reader.TryReadNil())
        {
            return values;
        }

        var count = reader.ReadMapHeader();
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString() ?? "";
            values[key] = reader.ReadDouble();
        }

        return values;
    }

    public static byte[] ReadBytes(ref MessagePackReader reader)
    {
        var bytes = reader.ReadBytes();
        return bytes is { } sequence ? System.Buffers.BuffersExtensions.ToArray(sequence) : [];
    }

    public static string ReadString(ref MessagePackReader reader) => reader.ReadString() ?? "";

    public static string? ReadNullableString(ref MessagePackReader reader) => reader.ReadString();

    public static long? ReadNullableInt64(ref MessagePackReader reader) => reader.TryReadNil() ? null : reader.ReadInt64();

    public static void Write(ref MessagePackWriter writer, long? value)
    {
        if (value is { } v)
        {
            writer.Write(v);
        }
        else
        {
            writer.WriteNil();
        }
    }
}
