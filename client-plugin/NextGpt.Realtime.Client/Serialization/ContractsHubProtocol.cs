using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using MessagePack;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Sessions;
using NextGpt.Realtime.Contracts.Turns;

namespace NextGpt.Realtime.Client.Serialization;

/// <summary>
/// SignalR's "messagepack" hub protocol (version 2, wire-compatible with Microsoft.AspNetCore.SignalR.Protocols.MessagePack)
/// that serializes values only through closed generic formatters of <see cref="Contracts.Serialization.ContractsResolver"/>.
/// The stock protocol calls MessagePack's non-generic <c>Serialize(Type, ...)</c>, which IL2CPP cannot run (aspnetcore
/// #62758); this one looks the type up in a fixed table instead. Framing follows SignalR's MessagePack protocol spec:
/// a VarInt length prefix, then <c>[messageType, headers, ...]</c>.
/// </summary>
public sealed class ContractsHubProtocol : IHubProtocol
{
    private const int ErrorResult = 1;
    private const int VoidResult = 2;
    private const int NonVoidResult = 3;

    private static readonly Dictionary<Type, BoxedFormatter> Formatters = new()
    {
        [typeof(CreateSessionRequest)] = new BoxedFormatter<CreateSessionRequest>(),
        [typeof(SessionInfo)] = new BoxedFormatter<SessionInfo>(),
        [typeof(Persona)] = new BoxedFormatter<Persona>(),
        [typeof(SessionSettings)] = new BoxedFormatter<SessionSettings>(),
        [typeof(UploadHeader)] = new BoxedFormatter<UploadHeader>(),
        [typeof(UploadReceipt)] = new BoxedFormatter<UploadReceipt>(),
        [typeof(TurnRequest)] = new BoxedFormatter<TurnRequest>(),
        [typeof(PlaybackReport)] = new BoxedFormatter<PlaybackReport>(),
        [typeof(TurnEvent)] = new BoxedFormatter<TurnEvent>(),
        [typeof(string)] = new BoxedFormatter<string>(),
        [typeof(byte[])] = new BoxedFormatter<byte[]>(),
        [typeof(int)] = new BoxedFormatter<int>(),
        [typeof(long)] = new BoxedFormatter<long>(),
        [typeof(bool)] = new BoxedFormatter<bool>(),
        [typeof(double)] = new BoxedFormatter<double>(),
        [typeof(float)] = new BoxedFormatter<float>(),
        [typeof(object)] = new BoxedFormatter<object>(),
    };

    public string Name => "messagepack";

    public int Version => 2;

    public TransferFormat TransferFormat => TransferFormat.Binary;

    public bool IsVersionSupported(int version) => version <= Version;

    /// <summary>True when values of <paramref name="type"/> can cross this protocol.</summary>
    public static bool Supports(Type type) => FormatterFor(type) is not null;

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, out HubMessage message)
    {
        message = null!;
        while (TryReadFrame(ref input, out var payload))
        {
            var reader = new MessagePackReader(payload);
            var parsed = ParseMessage(ref reader, binder);
            if (parsed is not null)
            {
                message = parsed;
                return true;
            }
        }

        return false;
    }

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output)
    {
        var body = Encode(message);
        Span<byte> prefix = stackalloc byte[5];
        var prefixLength = WriteLengthPrefix(body.Length, prefix);
        output.Write(prefix.Slice(0, prefixLength));
        output.Write(body);
    }

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message)
    {
        var body = Encode(message);
        Span<byte> prefix = stackalloc byte[5];
        var prefixLength = WriteLengthPrefix(body.Length, prefix);
        var bytes = new byte[prefixLength + body.Length];
        prefix.Slice(0, prefixLength).CopyTo(bytes);
        body.CopyTo(bytes.AsSpan(prefixLength));
        return bytes;
    }

    private static BoxedFormatter? FormatterFor(Type type)
    {
        if (Formatters.TryGetValue(type, out var formatter))
        {
            return formatter;
        }

        // Concrete events travel in the union form, whatever static type the sender had.
        return typeof(TurnEvent).IsAssignableFrom(type) ? Formatters[typeof(TurnEvent)] : null;
    }

    private static BoxedFormatter RequireFormatter(Type type) =>
        FormatterFor(type) ?? throw new InvalidDataException(
            $"{type.FullName} cannot cross the NextGpt hub: the AOT-safe protocol carries only the contract types and " +
            "string, byte[], int, long, bool, float, double.");

    // --- Framing: SignalR's binary length prefix (7 bits per byte, low group first, at most 5 bytes). ---

    private static int WriteLengthPrefix(int length, Span<byte> output)
    {
        var count = 0;
        do
        {
            var current = (byte)(length & 0x7f);
            length >>= 7;
            if (length > 0)
            {
                current |= 0x80;
            }

            output[count++] = current;
        }
        while (length > 0);

        return count;
    }

    private static bool TryReadFrame(ref ReadOnlySequence<byte> input, out ReadOnlySequence<byte> payload)
    {
        payload = default;
        if (input.IsEmpty)
        {
            return false;
        }

        long length = 0;
        var prefixLength = 0;
        var reader = new SequenceReader<byte>(input);
        while (true)
        {
            if (!reader.TryRead(out var current))
            {
                return false;
            }

            length |= (long)(current & 0x7f) << (7 * prefixLength);
            prefixLength++;
            if ((current & 0x80) == 0)
            {
                break;
            }

            if (prefixLength == 5)
            {
                throw new InvalidDataException("Messages over 2 GB are not supported (bad length prefix).");
            }
        }

        if (length > int.MaxValue)
        {
            throw new InvalidDataException("Messages over 2 GB are not supported.");
        }

        if (input.Length < prefixLength + length)
        {
            return false;
        }

        payload = input.Slice(prefixLength, length);
        input = input.Slice(prefixLength + length);
        return true;
    }

    // --- Reading ---

    private static HubMessage? ParseMessage(ref MessagePackReader reader, IInvocationBinder binder)
    {
        var itemCount = reader.ReadArrayHeader();
        var messageType = reader.ReadInt32();
        switch (messageType)
        {
            case HubProtocolConstants.InvocationMessageType:
                return ReadInvocation(ref reader, binder, itemCount, streaming: false);
            case HubProtocolConstants.StreamInvocationMessageType:
                return ReadInvocation(ref reader, binder, itemCount, streaming: true);
            case HubProtocolConstants.StreamItemMessageType:
                return ReadStreamItem(ref reader, binder);
            case HubProtocolConstants.CompletionMessageType:
                return ReadCompletion(ref reader, binder);
            case HubProtocolConstants.CancelInvocationMessageType:
            {
                var headers = ReadHeaders(ref reader);
                return WithHeaders(headers, new CancelInvocationMessage(RequireId(reader.ReadString(), "CancelInvocation")));
            }

            case HubProtocolConstants.PingMessageType:
                return PingMessage.Instance;
            case HubProtocolConstants.CloseMessageType:
            {
                var error = reader.ReadString();
                var allowReconnect = itemCount > 2 && reader.ReadBoolean();
                return error is null && !allowReconnect ? CloseMessage.Empty : new CloseMessage(error, allowReconnect);
            }

            case HubProtocolConstants.AckMessageType:
                return new AckMessage(reader.ReadInt64());
            case HubProtocolConstants.SequenceMessageType:
                return new SequenceMessage(reader.ReadInt64());
            default:
                // Message types added by newer protocol versions are ignored, as SignalR's own protocols do.
                return null;
        }
    }

    private static HubMessage ReadInvocation(ref MessagePackReader reader, IInvocationBinder binder, int itemCount, bool streaming)
    {
        var headers = ReadHeaders(ref reader);
        var invocationId = reader.ReadString();
        if (string.IsNullOrEmpty(invocationId))
        {
            invocationId = streaming ? RequireId(invocationId, "StreamInvocation") : null;
        }

        var target = reader.ReadString();
        if (string.IsNullOrEmpty(target))
        {
            throw new InvalidDataException("Null or empty target for an Invocation message.");
        }

        object?[] arguments;
        try
        {
            var parameterTypes = binder.GetParameterTypes(target);
            var count = reader.ReadArrayHeader();
            if (count != parameterTypes.Count)
            {
                throw new InvalidDataException($"Invocation provides {count} argument(s) but target expects {parameterTypes.Count}.");
            }

            arguments = new object?[count];
            for (var i = 0; i < count; i++)
            {
                arguments[i] = RequireFormatter(parameterTypes[i]).Deserialize(ref reader);
            }
        }
        catch (Exception ex)
        {
            return new InvocationBindingFailureMessage(invocationId ?? "", target, System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex));
        }

        var streams = itemCount > 5 ? ReadStreamIds(ref reader) : null;
        HubMethodInvocationMessage message = streaming
            ? new StreamInvocationMessage(invocationId!, target, arguments, streams)
            : new InvocationMessage(invocationId, target, arguments, streams);
        return WithHeaders(headers, message);
    }

    private static HubMessage ReadStreamItem(ref MessagePackReader reader, IInvocationBinder binder)
    {
        var headers = ReadHeaders(ref reader);
        var invocationId = RequireId(reader.ReadString(), "StreamItem");
        object? item;
        try
        {
            item = RequireFormatter(binder.GetStreamItemType(invocationId)).Deserialize(ref reader);
        }
        catch (Exception ex)
        {
            return new StreamBindingFailureMessage(invocationId, System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex));
        }

        return WithHeaders(headers, new StreamItemMessage(invocationId, item));
    }

    private static HubMessage ReadCompletion(ref MessagePackReader reader, IInvocationBinder binder)
    {
        var headers = ReadHeaders(ref reader);
        var invocationId = RequireId(reader.ReadString(), "Completion");
        var resultKind = reader.ReadInt32();
        string? error = null;
        object? result = null;
        var hasResult = false;
        switch (resultKind)
        {
            case ErrorResult:
                error = reader.ReadString();
                break;
            case NonVoidResult:
                hasResult = true;
                Type? resultType;
                try
                {
                    resultType = binder.GetReturnType(invocationId);
                }
                catch (Exception)
                {
                    // An unknown invocation (already cancelled): the result is dropped, as in SignalR's protocols.
                    resultType = null;
                }

                if (resultType is null)
                {
                    reader.Skip();
                }
                else
                {
                    try
                    {
                        result = RequireFormatter(resultType).Deserialize(ref reader);
                    }
                    catch (Exception ex)
                    {
                        error = $"Error trying to deserialize result to {resultType.Name}. {ex.Message}";
                        hasResult = false;
                    }
                }

                break;
            case VoidResult:
                break;
            default:
                throw new InvalidDataException("Invalid invocation result kind.");
        }

        return WithHeaders(headers, new CompletionMessage(invocationId, error, result, hasResult));
    }

    private static Dictionary<string, string>? ReadHeaders(ref MessagePackReader reader)
    {
        var count = reader.ReadMapHeader();
        if (count == 0)
        {
            return null;
        }

        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString();
            var value = reader.ReadString();
            if (string.IsNullOrEmpty(key) || string.IsNullOrEmpty(value))
            {
                throw new InvalidDataException("Null or empty key or value in a message header.");
            }

            headers.Add(key!, value!);
        }

        return headers;
    }

    private static string[]? ReadStreamIds(ref MessagePackReader reader)
    {
        var count = reader.ReadArrayHeader();
        if (count == 0)
        {
            return null;
        }

        var ids = new string[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = RequireId(reader.ReadString(), "streamIds");
        }

        return ids;
    }

    private static string RequireId(string? id, string what) =>
        string.IsNullOrEmpty(id) ? throw new InvalidDataException($"Null or empty invocation ID for {what} message.") : id!;

    private static T WithHeaders<T>(Dictionary<string, string>? headers, T message)
        where T : HubInvocationMessage
    {
        if (headers is not null)
        {
            message.Headers = headers;
        }

        return message;
    }

    // --- Writing ---

    private static byte[] Encode(HubMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        var writer = new MessagePackWriter(buffer);
        switch (message)
        {
            case InvocationMessage m:
                writer.WriteArrayHeader(6);
                writer.Write(HubProtocolConstants.InvocationMessageType);
                WriteHeaders(ref writer, m.Headers);
                if (string.IsNullOrEmpty(m.InvocationId))
                {
                    writer.WriteNil();
                }
                else
                {
                    writer.Write(m.InvocationId);
                }

                writer.Write(m.Target);
                WriteArguments(ref writer, m.Arguments);
                WriteStreamIds(ref writer, m.StreamIds);
                break;
            case StreamInvocationMessage m:
                writer.WriteArrayHeader(6);
                writer.Write(HubProtocolConstants.StreamInvocationMessageType);
                WriteHeaders(ref writer, m.Headers);
                writer.Write(m.InvocationId);
                writer.Write(m.Target);
                WriteArguments(ref writer, m.Arguments);
                WriteStreamIds(ref writer, m.StreamIds);
                break;
            case StreamItemMessage m:
                writer.WriteArrayHeader(4);
                writer.Write(HubProtocolConstants.StreamItemMessageType);
                WriteHeaders(ref writer, m.Headers);
                writer.Write(m.InvocationId);
                WriteValue(ref writer, m.Item);
                break;
            case CompletionMessage m:
                var resultKind = m.Error is not null ? ErrorResult : m.HasResult ? NonVoidResult : VoidResult;
                writer.WriteArrayHeader(resultKind == VoidResult ? 4 : 5);
                writer.Write(HubProtocolConstants.CompletionMessageType);
                WriteHeaders(ref writer, m.Headers);
                writer.Write(m.InvocationId);
                writer.Write(resultKind);
                if (resultKind == ErrorResult)
                {
                    writer.Write(m.Error);
                }
                else if (resultKind == NonVoidResult)
                {
                    WriteValue(ref writer, m.Result);
                }

                break;
            case CancelInvocationMessage m:
                writer.WriteArrayHeader(3);
                writer.Write(HubProtocolConstants.CancelInvocationMessageType);
                WriteHeaders(ref writer, m.Headers);
                writer.Write(m.InvocationId);
                break;
            case PingMessage:
                writer.WriteArrayHeader(1);
                writer.Write(HubProtocolConstants.PingMessageType);
                break;
            case CloseMessage m:
                writer.WriteArrayHeader(3);
                writer.Write(HubProtocolConstants.CloseMessageType);
                if (string.IsNullOrEmpty(m.Error))
                {
                    writer.WriteNil();
                }
                else
                {
                    writer.Write(m.Error);
                }

                writer.Write(m.AllowReconnect);
                break;
            case AckMessage m:
                writer.WriteArrayHeader(2);
                writer.Write(HubProtocolConstants.AckMessageType);
                writer.Write(m.SequenceId);
                break;
            case SequenceMessage m:
                writer.WriteArrayHeader(2);
                writer.Write(HubProtocolConstants.SequenceMessageType);
                writer.Write(m.SequenceId);
                break;
            default:
                throw new InvalidDataException($"Unexpected message type: {message.GetType().Name}");
        }

        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteHeaders(ref MessagePackWriter writer, IDictionary<string, string>? headers)
    {
        writer.WriteMapHeader(headers?.Count ?? 0);
        if (headers is null)
        {
            return;
        }

        foreach (var header in headers)
        {
            writer.Write(header.Key);
            writer.Write(header.Value);
        }
    }

    private static void WriteArguments(ref MessagePackWriter writer, object?[]? arguments)
    {
        writer.WriteArrayHeader(arguments?.Length ?? 0);
        if (arguments is null)
        {
            return;
        }

        foreach (var argument in arguments)
        {
            WriteValue(ref writer, argument);
        }
    }

    private static void WriteStreamIds(ref MessagePackWriter writer, string[]? streamIds)
    {
        writer.WriteArrayHeader(streamIds?.Length ?? 0);
        if (streamIds is null)
        {
            return;
        }

        foreach (var id in streamIds)
        {
            writer.Write(id);
        }
    }

    private static void WriteValue(ref MessagePackWriter writer, object? value)
    {
        if (value is null)
        {
            writer.WriteNil();
        }
        else if (value is RawResult raw)
        {
            writer.WriteRaw(raw.RawSerializedData);
        }
        else
        {
            RequireFormatter(value.GetType()).Serialize(ref writer, value);
        }
    }
}
