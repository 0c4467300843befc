using System;

namespace NextGpt.Realtime.Client.Threading;

/// <summary>Runs callbacks on the calling (network) thread: for consoles, servers and tests.</summary>
public sealed class ImmediateDispatcher : IMainThreadDispatcher
{
    public static readonly ImmediateDispatcher Instance = new();

    public void Post(Action action) => action();
}
