using System;

namespace NextGpt.Realtime.Client.Threading;

/// <summary>
/// Where the client raises its C# events. Network callbacks arrive on thread-pool threads; engines (Unity, Godot, Stride)
/// allow scene and texture calls only on their main thread, so an engine integration posts them to its game loop
/// (<see cref="QueuedDispatcher"/> drained once per frame), while plain .NET uses <see cref="ImmediateDispatcher"/>.
/// </summary>
public interface IMainThreadDispatcher
{
    /// <summary>Runs <paramref name="action"/> on the target thread, later or now; never blocks the caller.</summary>
    void Post(Action action);
}
