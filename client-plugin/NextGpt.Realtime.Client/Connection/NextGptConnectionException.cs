using System;

namespace NextGpt.Realtime.Client.Connection;

/// <summary>The server could not be reached or the link is down.</summary>
public sealed class NextGptConnectionException : Exception
{
    public NextGptConnectionException(string message)
        : base(message)
    {
    }

    public NextGptConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
