using System;
using System.Collections.Concurrent;

namespace NextGpt.Realtime.Client.Threading;

/// <summary>
/// Queues callbacks until the game loop calls <see cref="RunPending"/> (Unity's Update, Godot's _Process, Stride's
/// script Update). A callback that throws does not stop the others; the exception goes to <see cref="Error"/>.
/// </summary>
public sealed class QueuedDispatcher : IMainThreadDispatcher
{
    private readonly ConcurrentQueue<Action> _pending = new();

    /// <summary>Receives exceptions thrown by callbacks (on the game thread).</summary>
    public event Action<Exception>? Error;

    public int PendingCount => _pending.Count;

    public void Post(Action action)
    {
        if (action is null)
        {
            throw new ArgumentNullException(nameof(action));
        }

        _pending.Enqueue(action);
    }

    /// <summary>Runs at most <paramref name="maxCallbacks"/> queued callbacks on the calling thread; returns how many ran.</summary>
    public int RunPending(int maxCallbacks = int.MaxValue)
    {
        var ran = 0;
        while (ran < maxCallbacks && _pending.TryDequeue(out var action))
        {
            ran++;
            try
            {
                action();
            }
            catch (Exception ex) when (Error is not null)
            {
                Error(ex);
            }
        }

        return ran;
    }
}
