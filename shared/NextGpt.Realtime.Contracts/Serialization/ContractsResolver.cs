using System;
using MessagePack;
using MessagePack.Formatters;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Sessions;
using NextGpt.Realtime.Contracts.Turns;

namespace NextGpt.Realtime.Contracts.Serialization;

/// <summary>
/// A MessagePack resolver for every contract type and the primitives the hub uses, built only from hand-written generic
/// formatters: no Reflection.Emit, no MakeGenericType, no non-generic entry points, so it works under Unity IL2CPP and
/// other AOT runtimes (aspnetcore #34585, #62758). The bytes equal those of MessagePack-CSharp's standard resolver, except
/// that every <see cref="TurnEvent"/> subtype is written in its union form (see <see cref="TurnEventMemberFormatter{T}"/>).
/// Servers may put it first in a composite resolver for the same union guarantee.
/// </summary>
public sealed class ContractsResolver : IFormatterResolver
{
    public static readonly ContractsResolver Instance = new();

    /// <summary>Options using only this resolver, with the untrusted-data security settings a network peer deserves.</summary>
    public static readonly MessagePackSerializerOptions Options =
        new MessagePackSerializerOptions(Instance).WithSecurity(MessagePackSecurity.UntrustedData);

    private ContractsResolver()
    {
    }

    public IMessagePackFormatter<T>? GetFormatter<T>() => Cache<T>.Formatter;

    /// <summary>One static slot per closed type: the generic instantiations are all named in the code below.</summary>
    private static class Cache<T>
    {
        public static readonly IMessagePackFormatter<T>? Formatter = (IMessagePackFormatter<T>?)Create(typeof(T));
    }

    private static object? Create(Type type)
    {
        // Contracts.
        if (type == typeof(Persona)) { return new PersonaFormatter(); }
        if (type == typeof(SessionSettings)) { return new SessionSettingsFormatter(); }
        if (type == typeof(CreateSessionRequest)) { return new CreateSessionRequestFormatter(); }
        if (type == typeof(SessionInfo)) { return new SessionInfoFormatter(); }
        if (type == typeof(UploadHeader)) { return new UploadHeaderFormatter(); }
        if (type == typeof(UploadReceipt)) { return new UploadReceiptFormatter(); }
        if (type == typeof(TurnRequest)) { return new TurnRequestFormatter(); }
        if (type == typeof(PlaybackReport)) { return new PlaybackReportFormatter(); }
        if (type == typeof(TurnEvent)) { return TurnEventFormatter.Instance; }
        if (type == typeof(TurnStarted)) { return new TurnEventMemberFormatter<TurnStarted>(); }
        if (type == typeof(TextDelta)) { return new TurnEventMemberFormatter<TextDelta>(); }
        if (type == typeof(MediaStarted)) { return new TurnEventMemberFormatter<MediaStarted>(); }
        if (type == typeof(ImagePreview)) { return new TurnEventMemberFormatter<ImagePreview>(); }
        if (type == typeof(ImageCompleted)) { return new TurnEventMemberFormatter<ImageCompleted>(); }
        if (type == typeof(AudioChunk)) { return new TurnEventMemberFormatter<AudioChunk>(); }
        if (type == typeof(VideoFrame)) { return new TurnEventMemberFormatter<VideoFrame>(); }
        if (type == typeof(MediaCompleted)) { return new TurnEventMemberFormatter<MediaCompleted>(); }
        if (type == typeof(TurnCompleted)) { return new TurnEventMemberFormatter<TurnCompleted>(); }
        if (type == typeof(TurnFailed)) { return new TurnEventMemberFormatter<TurnFailed>(); }

        // Primitives used as hub arguments, results and stream items.
        if (type == typeof(string)) { return NullableStringFormatter.Instance; }
        if (type == typeof(byte[])) { return ByteArrayFormatter.Instance; }
        if (type == typeof(int)) { return Int32Formatter.Instance; }
        if (type == typeof(long)) { return Int64Formatter.Instance; }
        if (type == typeof(bool)) { return BooleanFormatter.Instance; }
        if (type == typeof(double)) { return DoubleFormatter.Instance; }
        if (type == typeof(float)) { return SingleFormatter.Instance; }
        if (type == typeof(object)) { return PrimitiveObjectFormatter.Instance; }
        return null;
    }
}
