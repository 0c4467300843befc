using MessagePack;
using NextGpt.Realtime.Contracts.Serialization;

namespace NextGpt.Realtime.Client.Serialization;

/// <summary>
/// Bridges SignalR's object-typed arguments to one closed generic formatter. Each instantiation is written out in
/// <see cref="ContractsHubProtocol"/>, so an AOT compiler sees every one of them (no MakeGenericMethod at run time).
/// </summary>
internal abstract class BoxedFormatter
{
    public abstract void Serialize(ref MessagePackWriter writer, object value);

    public abstract object? Deserialize(ref MessagePackReader reader);
}

internal sealed class BoxedFormatter<T> : BoxedFormatter
{
    private readonly MessagePack.Formatters.IMessagePackFormatter<T> _formatter =
        ContractsResolver.Instance.GetFormatter<T>()
        ?? throw new System.InvalidOperationException($"{nameof(ContractsResolver)} has no formatter for {typeof(T).Name}.");

    public override void Serialize(ref MessagePackWriter writer, object value) =>
        _formatter.Serialize(ref writer, (T)value, ContractsResolver.Options);

    public override object? Deserialize(ref MessagePackReader reader) =>
        _formatter.Deserialize(ref reader, ContractsResolver.Options);
}
