using System;
using MessagePack;
using MessagePack.Formatters;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Primitives;

namespace NextGpt.Realtime.Contracts.Serialization;

/// <summary>
/// The <see cref="TurnEvent"/> union: <c>[tag, [turnId, partId, sequence, ...fields]]</c> (docs/wire-protocol.md), tags
/// as in the contract's [Union] attributes. Every subtype is written in the union form, whichever static type the caller
/// names, because a reader can only tell the subtypes apart by the tag.
/// </summary>
internal sealed class TurnEventFormatter : IMessagePackFormatter<TurnEvent?>
{
    public static readonly TurnEventFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, TurnEvent? value, MessagePackSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }

        writer.WriteArrayHeader(2);
        switch (value)
        {
            case TurnStarted e:
                WriteHead(ref writer, 0, 5, e);
                writer.Write(e.SessionId);
                writer.Write(e.QueueMilliseconds);
                break;
            case TextDelta e:
                WriteHead(ref writer, 1, 4, e);
                writer.Write(e.Text);
                break;
            case MediaStarted e:
                WriteHead(ref writer, 2, 8, e);
                writer.Write((int)e.Modality);
                writer.Write(e.Width);
                writer.Write(e.Height);
                writer.Write(e.FrameCount);
                writer.Write(e.Rate);
                break;
            case ImagePreview e:
                WriteHead(ref writer, 3, 6, e);
                writer.Write(e.Step);
                writer.Write(e.TotalSteps);
                writer.Write(e.Png);
                break;
            case ImageCompleted e:
                WriteHead(ref writer, 4, 5, e);
                writer.Write(e.Png);
                writer.Write(e.Seed);
                break;
            case AudioChunk e:
                WriteHead(ref writer, 5, 6, e);
                writer.Write(e.SampleRate);
                writer.Write(e.FirstSample);
                writer.Write(e.Pcm16);
                break;
            case VideoFrame e:
                WriteHead(ref writer, 6, 6, e);
                writer.Write(e.FrameIndex);
                writer.Write(e.TimestampMilliseconds);
                writer.Write(e.Png);
                break;
            case MediaCompleted e:
                WriteHead(ref writer, 7, 5, e);
                writer.Write((int)e.Modality);
                writer.Write(e.Milliseconds);
                break;
            case TurnCompleted e:
                WriteHead(ref writer, 8, 8, e);
                writer.Write(e.Text);
                writer.Write(e.PromptTokens);
                writer.Write(e.GeneratedTokens);
                WireFormat.WriteDoubleMap(ref writer, e.StageMilliseconds);
                writer.Write(e.Cancelled);
                break;
            case TurnFailed e:
                WriteHead(ref writer, 9, 6, e);
                writer.Write((int)e.Code);
                writer.Write(e.Message);
                writer.Write(e.RetryAfterMilliseconds);
                break;
            default:
                throw new MessagePackSerializationException(
                    $"{value.GetType().Name} is not a member of the TurnEvent union; add it to the contract and to {nameof(TurnEventFormatter)}.");
        }
    }

    public TurnEvent? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil())
        {
            return null;
        }

        if (reader.ReadArrayHeader() != 2)
        {
            throw new MessagePackSerializationException("A TurnEvent must be a [tag, fields] union of two elements.");
        }

        options.Security.DepthStep(ref reader);
        try
        {
            var tag = reader.ReadInt32();
            TurnEvent value = tag switch
            {
                0 => new TurnStarted(),
                1 => new TextDelta(),
                2 => new MediaStarted(),
                3 => new ImagePreview(),
                4 => new ImageCompleted(),
                5 => new AudioChunk(),
                6 => new VideoFrame(),
                7 => new MediaCompleted(),
                8 => new TurnCompleted(),
                9 => new TurnFailed(),
                _ => throw new MessagePackSerializationException(
                    $"Unknown TurnEvent tag {tag}: the server is newer than this client (known tags 0-9)."),
            };

            var count = reader.ReadArrayHeader();
            for (var key = 0; key < count; key++)
            {
                if (!ReadField(ref reader, key, value))
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

    private static void WriteHead(ref MessagePackWriter writer, int tag, int fieldCount, TurnEvent value)
    {
        writer.Write(tag);
        writer.WriteArrayHeader(fieldCount);
        writer.Write(value.TurnId);
        writer.Write(value.PartId);
        writer.Write(value.Sequence);
    }

    private static bool ReadField(ref MessagePackReader reader, int key, TurnEvent value)
    {
        switch (key)
        {
            case 0: value.TurnId = WireFormat.ReadString(ref reader); return true;
            case 1: value.PartId = reader.ReadInt32(); return true;
            case 2: value.Sequence = reader.ReadInt64(); return true;
        }

        switch (value)
        {
            case TurnStarted e:
                switch (key)
                {
                    case 3: e.SessionId = WireFormat.ReadString(ref reader); return true;
                    case 4: e.QueueMilliseconds = reader.ReadDouble(); return true;
                }

                break;
            case TextDelta e:
                if (key == 3)
                {
                    e.Text = WireFormat.ReadString(ref reader);
                    return true;
                }

                break;
            case MediaStarted e:
                switch (key)
                {
                    case 3: e.Modality = WireFormat.ReadEnum<Modality>(ref reader); return true;
                    case 4: e.Width = reader.ReadInt32(); return true;
                    case 5: e.Height = reader.ReadInt32(); return true;
                    case 6: e.FrameCount = reader.ReadInt32(); return true;
                    case 7: e.Rate = reader.ReadInt32(); return true;
                }

                break;
            case ImagePreview e:
                switch (key)
                {
                    case 3: e.Step = reader.ReadInt32(); return true;
                    case 4: e.TotalSteps = reader.ReadInt32(); return true;
                    case 5: e.Png = WireFormat.ReadBytes(ref reader); return true;
                }

                break;
            case ImageCompleted e:
                switch (key)
                {
                    case 3: e.Png = WireFormat.ReadBytes(ref reader); return true;
                    case 4: e.Seed = reader.ReadInt64(); return true;
                }

                break;
            case AudioChunk e:
                switch (key)
                {
                    case 3: e.SampleRate = reader.ReadInt32(); return true;
                    case 4: e.FirstSample = reader.ReadInt64(); return true;
                    case 5: e.Pcm16 = WireFormat.ReadBytes(ref reader); return true;
                }

                break;
            case VideoFrame e:
                switch (key)
                {
                    case 3: e.FrameIndex = reader.ReadInt32(); return true;
                    case 4: e.TimestampMilliseconds = reader.ReadDouble(); return true;
                    case 5: e.Png = WireFormat.ReadBytes(ref reader); return true;
                }

                break;
            case MediaCompleted e:
                switch (key)
                {
                    case 3: e.Modality = WireFormat.ReadEnum<Modality>(ref reader); return true;
                    case 4: e.Milliseconds = reader.ReadDouble(); return true;
                }

                break;
            case TurnCompleted e:
                switch (key)
                {
                    case 3: e.Text = WireFormat.ReadString(ref reader); return true;
                    case 4: e.PromptTokens = reader.ReadInt32(); return true;
                    case 5: e.GeneratedTokens = reader.ReadInt32(); return true;
                    case 6: e.StageMilliseconds = WireFormat.ReadDoubleMap(ref reader); return true;
                    case 7: e.Cancelled = reader.ReadBoolean(); return true;
                }

                break;
            case TurnFailed e:
                switch (key)
                {
                    case 3: e.Code = WireFormat.ReadEnum<ErrorCode>(ref reader); return true;
                    case 4: e.Message = WireFormat.ReadString(ref reader); return true;
                    case 5: e.RetryAfterMilliseconds = reader.ReadInt32(); return true;
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(value));
        }

        return false;
    }
}
