using MessagePack;
using NextGpt.Realtime.Contracts.Primitives;
using NextGpt.Realtime.Contracts.Turns;

namespace NextGpt.Realtime.Contracts.Serialization;

/// <summary>Formatters of the Turns contracts (field order = the contracts' [Key] numbers).</summary>
internal sealed class UploadHeaderFormatter : ContractFormatter<UploadHeader>
{
    protected override int FieldCount => 6;

    protected override void WriteFields(ref MessagePackWriter writer, UploadHeader value, MessagePackSerializerOptions options)
    {
        writer.Write(value.SessionId);
        writer.Write((int)value.Modality);
        writer.Write((int)value.Format);
        writer.Write(value.TotalBytes);
        writer.Write(value.PlayerId);
        writer.Write(value.Streamed);
    }

    protected override bool ReadField(ref MessagePackReader reader, int key, UploadHeader value, MessagePackSerializerOptions options)
    {
        switch (key)
        {
            case 0: value.SessionId = WireFormat.ReadString(ref reader); return true;
            case 1: value.Modality = WireFormat.ReadEnum<Modality>(ref reader); return true;
            case 2: value.Format = WireFormat.ReadEnum<MediaFormat>(ref reader); return true;
            case 3: value.TotalBytes = reader.ReadInt64(); return true;
            case 4: value.PlayerId = WireFormat.ReadString(ref reader); return true;
            case 5: value.Streamed = reader.ReadBoolean(); return true;
            default: return false;
        }
    }
}

internal sealed class UploadReceiptFormatter : ContractFormatter<UploadReceipt>
{
    protected override int FieldCount => 2;

    protected override void WriteFields(ref MessagePackWriter writer, UploadReceipt value, MessagePackSerializerOptions options)
    {
        writer.Write(value.UploadId);
        writer.Write(value.ReceivedBytes);
    }

    protected override bool ReadField(ref MessagePackReader reader, int key, UploadReceipt value, MessagePackSerializerOptions options)
    {
        switch (key)
        {
            case 0: value.UploadId = WireFormat.ReadString(ref reader); return true;
            case 1: value.ReceivedBytes = reader.ReadInt64(); return true;
            default: return false;
        }
    }
}

internal sealed class TurnRequestFormatter : ContractFormatter<TurnRequest>
{
    protected override int FieldCount => 6;

    protected override void WriteFields(ref MessagePackWriter writer, TurnRequest value, MessagePackSerializerOptions options)
    {
        writer.Write(value.SessionId);
        writer.Write(value.Text);
        WireFormat.WriteStrings(ref writer, value.UploadIds);
        writer.Write(value.PlayerId);
        WireFormat.WriteModalities(ref writer, value.AllowedOutputs);
        WireFormat.WriteModalities(ref writer, value.RequiredOutputs);
    }

    protected override bool ReadField(ref MessagePackReader reader, int key, TurnRequest value, MessagePackSerializerOptions options)
    {
        switch (key)
        {
            case 0: value.SessionId = WireFormat.ReadString(ref reader); return true;
            case 1: value.Text = WireFormat.ReadString(ref reader); return true;
            case 2: value.UploadIds = WireFormat.ReadStrings(ref reader); return true;
            case 3: value.PlayerId = WireFormat.ReadString(ref reader); return true;
            case 4: value.AllowedOutputs = WireFormat.ReadModalities(ref reader); return true;
            case 5: value.RequiredOutputs = WireFormat.ReadModalities(ref reader); return true;
            default: return false;
        }
    }
}

internal sealed class PlaybackReportFormatter : ContractFormatter<PlaybackReport>
{
    protected override int FieldCount => 4;

    protected override void WriteFields(ref MessagePackWriter writer, PlaybackReport value, MessagePackSerializerOptions options)
    {
        writer.Write(value.SessionId);
        writer.Write(value.TurnId);
        writer.Write(value.TextCharactersShown);
        WireFormat.WriteInts(ref writer, value.CompletedPartIds);
    }

    protected override bool ReadField(ref MessagePackReader reader, int key, PlaybackReport value, MessagePackSerializerOptions options)
    {
        switch (key)
        {
            case 0: value.SessionId = WireFormat.ReadString(ref reader); return true;
            case 1: value.TurnId = WireFormat.ReadString(ref reader); return true;
            case 2: value.TextCharactersShown = reader.ReadInt32(); return true;
            case 3: value.CompletedPartIds = WireFormat.ReadInts(ref reader); return true;
            default: return false;
        }
    }
}
