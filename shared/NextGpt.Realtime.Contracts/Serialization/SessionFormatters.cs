using MessagePack;
using NextGpt.Realtime.Contracts.Sessions;

namespace NextGpt.Realtime.Contracts.Serialization;

/// <summary>Formatters of the Sessions contracts (field order = the contracts' [Key] numbers).</summary>
internal sealed class PersonaFormatter : ContractFormatter<Persona>
{
    protected override int FieldCount => 4;

    protected override void WriteFields(ref MessagePackWriter writer, Persona value, MessagePackSerializerOptions options)
    {
        writer.Write(value.Name);
        writer.Write(value.Role);
        WireFormat.WriteStrings(ref writer, value.Traits);
        writer.Write(value.SpeakingStyle);
    }

    protected override bool ReadField(ref MessagePackReader reader, int key, Persona value, MessagePackSerializerOptions options)
    {
        switch (key)
        {
            case 0: value.Name = WireFormat.ReadString(ref reader); return true;
            case 1: value.Role = WireFormat.ReadString(ref reader); return true;
            case 2: value.Traits = WireFormat.ReadStrings(ref reader); return true;
            case 3: value.SpeakingStyle = WireFormat.ReadNullableString(ref reader); return true;
            default: return false;
        }
    }
}

internal sealed class SessionSettingsFormatter : ContractFormatter<SessionSettings>
{
    protected override int FieldCount => 9;

    protected override void WriteFields(ref MessagePackWriter writer, SessionSettings value, MessagePackSerializerOptions options)
    {
        WireFormat.WriteModalities(ref writer, value.AllowedOutputs);
        writer.Write(value.ImageWidth);
        writer.Write(value.ImageHeight);
        writer.Write(value.DiffusionSteps);
        writer.Write(value.GuidanceScale);
        WireFormat.Write(ref writer, value.Seed);
        writer.Write(value.MaxTokens);
        writer.Write(value.Temperature);
        writer.Write(value.VideoFrames);
    }

    protected override bool ReadField(ref MessagePackReader reader, int key, SessionSettings value, MessagePackSerializerOptions options)
    {
        switch (key)
        {
            case 0: value.AllowedOutputs = WireFormat.ReadModalities(ref reader); return true;
            case 1: value.ImageWidth = reader.ReadInt32(); return true;
            case 2: value.ImageHeight = reader.ReadInt32(); return true;
            case 3: value.DiffusionSteps = reader.ReadInt32(); return true;
            case 4: value.GuidanceScale = reader.ReadSingle(); return true;
            case 5: value.Seed = WireFormat.ReadNullableInt64(ref reader); return true;
            case 6: value.MaxTokens = reader.ReadInt32(); return true;
            case 7: value.Temperature = reader.ReadSingle(); return true;
            case 8: value.VideoFrames = reader.ReadInt32(); return true;
            default: return false;
        }
    }
}

internal sealed class CreateSessionRequestFormatter : ContractFormatter<CreateSessionRequest>
{
    private static readonly PersonaFormatter Personas = new();
    private static readonly SessionSettingsFormatter Settings = new();

    protected override int FieldCount => 3;

    protected override void WriteFields(ref MessagePackWriter writer, CreateSessionRequest value, MessagePackSerializerOptions options)
    {
        Personas.Serialize(ref writer, value.Persona, options);
        Settings.Serialize(ref writer, value.Settings, options);
        writer.Write(value.PlayerId);
    }

    protected override bool ReadField(ref MessagePackReader reader, int key, CreateSessionRequest value, MessagePackSerializerOptions options)
    {
        switch (key)
        {
            case 0: value.Persona = Personas.Deserialize(ref reader, options) ?? new Persona(); return true;
            case 1: value.Settings = Settings.Deserialize(ref reader, options) ?? new SessionSettings(); return true;
            case 2: value.PlayerId = WireFormat.ReadString(ref reader); return true;
            default: return false;
        }
    }
}

internal sealed class SessionInfoFormatter : ContractFormatter<SessionInfo>
{
    private static readonly PersonaFormatter Personas = new();
    private static readonly SessionSettingsFormatter Settings = new();

    protected override int FieldCount => 4;

    protected override void WriteFields(ref MessagePackWriter writer, SessionInfo value, MessagePackSerializerOptions options)
    {
        writer.Write(value.SessionId);
        Personas.Serialize(ref writer, value.Persona, options);
        Settings.Serialize(ref writer, value.Settings, options);
        writer.Write(value.TurnCount);
    }

    protected override bool ReadField(ref MessagePackReader reader, int key, SessionInfo value, MessagePackSerializerOptions options)
    {
        switch (key)
        {
            case 0: value.SessionId = WireFormat.ReadString(ref reader); return true;
            case 1: value.Persona = Personas.Deserialize(ref reader, options) ?? new Persona(); return true;
            case 2: value.Settings = Settings.Deserialize(ref reader, options) ?? new SessionSettings(); return true;
            case 3: value.TurnCount = reader.ReadInt32(); return true;
            default: return false;
        }
    }
}
