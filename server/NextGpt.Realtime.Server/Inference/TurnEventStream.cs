using System.Runtime.CompilerServices;
using NextGpt.Realtime.Contracts.Events;

namespace NextGpt.Realtime.Server.Inference;

/// <summary>
/// One turn's ordered event stream between the inference thread (writer, never waits) and the hub (reader). Bounded:
/// when a slow client lets <see cref="Capacity"/> undelivered events pile up, a further event is refused (the turn then
/// fails as too slow instead of stalling every session behind it). Previews are latest-wins: a preview of a part that
/// is still waiting for delivery is replaced in place by the newer one, so a slow client gets fewer, fresher previews.
/// Sequence numbers are given as events are delivered, so they count the delivered events from 0 without gaps (the
/// replaced previews were never delivered). The terminal event (TurnCompleted or TurnFailed) is always accepted.
/// </summary>
public sealed class TurnEventStream(string turnId, int capacity)
{
    private readonly Lock _lock = new();
    private readonly LinkedList<TurnEvent> _queue = new();
    private readonly Dictionary<int, LinkedListNode<TurnEvent>> _waitingPreviews = [];
    private readonly SemaphoreSlim _available = new(0);
    private long _sequence;
    private bool _completed;

    public string TurnId { get; } = turnId;

    public int Capacity { get; } = capacity;

    /// <summary>Previews replaced before delivery (a slow reader).</summary>
    public int ReplacedPreviews { get; private set; }

    /// <summary>Appends an event; false when the reader is <see cref="Capacity"/> events behind or the stream is complete.</summary>
    public bool TryWrite(TurnEvent turnEvent) => Append(turnEvent, force: false);

    /// <summary>Appends the last event of the turn (regardless of the backlog) and completes the stream.</summary>
    public void WriteFinal(TurnEvent turnEvent)
    {
        Append(turnEvent, force: true);
        Complete();
    }

    /// <summary>Adds a preview, or replaces the same part's preview that is still waiting for delivery.</summary>
    public void WritePreview(ImagePreview preview)
    {
        lock (_lock)
        {
            if (_completed)
            {
                return;
            }

            preview.TurnId = TurnId;
            if (_waitingPreviews.TryGetValue(preview.PartId, out var waiting))
            {
                waiting.Value = preview;
                ReplacedPreviews++;
                return;
            }

            if (_queue.Count >= Capacity)
            {
                ReplacedPreviews++;
                return;
            }

            _waitingPreviews[preview.PartId] = _queue.AddLast(preview);
        }

        _available.Release();
    }

    /// <summary>Ends the stream after the events already written.</summary>
    public void Complete()
    {
        lock (_lock)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
        }

        _available.Release();
    }

    /// <summary>Reads the events in order until the stream completes.</summary>
    public async IAsyncEnumerable<TurnEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (true)
        {
            await _available.WaitAsync(cancellationToken).ConfigureAwait(false);
            TurnEvent? next = null;
            lock (_lock)
            {
                if (_queue.First is { } first)
                {
                    _queue.RemoveFirst();
                    if (first.Value is ImagePreview preview && _waitingPreviews.GetValueOrDefault(preview.PartId) == first)
                    {
                        _waitingPreviews.Remove(preview.PartId);
                    }

                    next = first.Value;
                    next.Sequence = _sequence++;
                }
            }

            if (next is null)
            {
                yield break;
            }

            yield return next;
        }
    }

    private bool Append(TurnEvent turnEvent, bool force)
    {
        lock (_lock)
        {
            if (_completed || (!force && _queue.Count >= Capacity))
            {
                return false;
            }

            turnEvent.TurnId = TurnId;
            _queue.AddLast(turnEvent);
        }

        _available.Release();
        return true;
    }
}
