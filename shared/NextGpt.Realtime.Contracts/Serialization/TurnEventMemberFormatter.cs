using MessagePack;
using MessagePack.Formatters;
using NextGpt.Realtime.Contracts.Events;

namespace NextGpt.Realtime.Contracts.Serialization;

/// <summary>
/// Writes a concrete event (say <see cref="TextDelta"/>) in the <see cref="TurnEvent"/> union form. SignalR's MessagePack
/// protocol serializes a stream item or argument by its runtime type, so without this the tag would be lost and a reader
/// expecting a <see cref="TurnEvent"/> could not tell the subtypes apart.
/// </summary>
internal sealed class TurnEventMemberFormatter<T> : IMessagePackFormatter<T?>
    where T : TurnEvent
{
    public void Serialize(ref MessagePackWriter writer, T? value, MessagePackSerializerOptions options) =>
        TurnEventFormatter.Instance.Serialize(ref writer, value, options);

    public T? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        var value = TurnEventFormatter.Instance.Deserialize(ref reader, options);
        return value is null or T
            ? (T?)value
            : throw new MessagePackSerializationException($"Expected a {typeof(T).Name} but the union holds a {value.GetType().Name}.");
    }
}
