using System;

namespace NextGpt.Realtime.Client.Connection;

/// <summary>The connection's life cycle as a game shows it (an icon, a "reconnecting..." banner).</summary>
public enum ConnectionState
{
    Disconnected,
    Connecting,
    Connected,
    Reconnecting,
}

/// <summary>A change of <see cref="ConnectionState"/>; <see cref="Error"/> says why the link dropped, when it did.</summary>
public sealed class ConnectionStateChange
{
    public ConnectionStateChange(ConnectionState previous, ConnectionState current, Exception? error)
    {
        Previous = previous;
        Current = current;
        Error = error;
    }

    public ConnectionState Previous { get; }

    public ConnectionState Current { get; }

    public Exception? Error { get; }

    public override string ToString() => Error is null ? $"{Previous} -> {Current}" : $"{Previous} -> {Current} ({Error.Message})";
}
