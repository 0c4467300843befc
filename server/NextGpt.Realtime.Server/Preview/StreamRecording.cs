using System.Diagnostics;
using NextGpt.Realtime.Contracts.Events;

namespace NextGpt.Realtime.Server.Preview;

/// <summary>
/// One running recording of a session's stream: every turn event of the session, stamped with its arrival time on this
/// server's clock, held in memory until <see cref="Stop"/>. Bounded by time and bytes: past either limit it keeps what
/// it has and takes nothing more (<see cref="Truncated"/>). Thread-safe: hub calls of several players add concurrently.
/// </summary>
public sealed class StreamRecording(string id, string sessionId, TimeSpan maxDuration, long maxBytes)
{
    private readonly Lock _lock = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<TimedTurnEvent> _events = [];
    private long _bytes;
    private bool _stopped;

    public string Id { get; } = id;

    public string SessionId { get; } = sessionId;

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>True when a limit cut the recording short.</summary>
    public bool Truncated { get; private set; }

    public int EventCount
    {
        get
        {
            lock (_lock)
            {
                return _events.Count;
            }
        }
    }

    /// <summary>Takes <paramref name="turnEvent"/> at the current time unless stopped or full.</summary>
    public void Add(TurnEvent turnEvent)
    {
        ArgumentNullException.ThrowIfNull(turnEvent);
        var size = MediaBytes(turnEvent);
        lock (_lock)
        {
            if (_stopped || Truncated)
            {
                return;
            }

            if (_clock.Elapsed > maxDuration || _bytes + size > maxBytes)
            {
                Truncated = true;
                return;
            }

            _bytes += size;
            _events.Add(new TimedTurnEvent(_clock.Elapsed, turnEvent));
        }
    }

    /// <summary>Stops taking events and returns what was recorded, in arrival order.</summary>
    public IReadOnlyList<TimedTurnEvent> Stop()
    {
        lock (_lock)
        {
            _stopped = true;
            return [.. _events];
        }
    }

    private static long MediaBytes(TurnEvent turnEvent) => turnEvent switch
    {
        ImagePreview preview => preview.Png.Length,
        ImageCompleted image => image.Png.Length,
        VideoFrame frame => frame.Png.Length,
        AudioChunk chunk => chunk.Pcm16.Length,
        _ => 64,
    };
}
