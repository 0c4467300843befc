namespace NextGpt.Realtime.Server.Inference;

/// <summary>
/// The turns waiting for the model: bounded (a full queue refuses at once, the caller answers Busy with a retry hint) and
/// fair across sessions: each session has its own FIFO and the sessions take turns round-robin, so one chatty session
/// (or a script flooding one) cannot push every other session's turn to the back.
/// </summary>
public sealed class FairTurnQueue(int capacity)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Queue<TurnJob>> _bySession = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _rotation = new();
    private readonly SemaphoreSlim _signal = new(0);
    private int _count;

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The queue needs room for one turn.");

    /// <summary>Turns waiting.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>Queues a turn behind its session's earlier ones; false when the queue is full.</summary>
    public bool TryEnqueue(TurnJob job)
    {
        lock (_lock)
        {
            if (_count >= Capacity)
            {
                return false;
            }

            if (!_bySession.TryGetValue(job.Session.Id, out var queue))
            {
                queue = new Queue<TurnJob>();
                _bySession[job.Session.Id] = queue;
                _rotation.AddLast(job.Session.Id);
            }

            queue.Enqueue(job);
            _count++;
        }

        _signal.Release();
        return true;
    }

    /// <summary>Takes the next session's oldest turn, moving that session to the back of the rotation.</summary>
    public bool TryDequeue(out TurnJob job)
    {
        lock (_lock)
        {
            if (_rotation.First is not { } first)
            {
                job = null!;
                return false;
            }

            _rotation.RemoveFirst();
            var queue = _bySession[first.Value];
            job = queue.Dequeue();
            _count--;
            if (queue.Count > 0)
            {
                _rotation.AddLast(first.Value);
            }
            else
            {
                _bySession.Remove(first.Value);
            }

            return true;
        }
    }

    /// <summary>Blocks the inference thread until a turn may be waiting, the timeout passes or the token is cancelled.</summary>
    public void Wait(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            _signal.Wait(timeout, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Shutting down: the caller checks its token.
        }
    }

    /// <summary>Wakes the inference thread (a turn was cancelled, or the host is stopping).</summary>
    public void Wake() => _signal.Release();

    /// <summary>Empties the queue (shutdown), returning the turns that never started.</summary>
    public IReadOnlyList<TurnJob> Drain()
    {
        lock (_lock)
        {
            var jobs = _rotation.SelectMany(id => _bySession[id]).ToList();
            _bySession.Clear();
            _rotation.Clear();
            _count = 0;
            return jobs;
        }
    }
}
