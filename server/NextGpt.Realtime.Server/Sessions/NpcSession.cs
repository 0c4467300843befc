using NextGpt.Realtime.Contracts.Sessions;
using NextGpt.Realtime.Modeling.Turns;

namespace NextGpt.Realtime.Server.Sessions;

/// <summary>
/// One NPC conversation: persona, settings, the history the next turn reads, and the turn now running (one at a time;
/// a new turn barges in on the old one). Mutated from hub calls and the inference thread, so every access locks.
/// </summary>
public sealed class NpcSession(string id, Persona persona, SessionSettings settings)
{
    private readonly Lock _lock = new();
    private readonly List<PriorExchange> _history = [];
    private (string TurnId, CancellationTokenSource Cancel)? _active;

    public string Id { get; } = id;

    public Persona Persona { get; } = persona;

    public SessionSettings Settings { get; } = settings;

    public int TurnCount
    {
        get
        {
            lock (_lock)
            {
                return _history.Count;
            }
        }
    }

    /// <summary>The persona as the line the model reads before the conversation.</summary>
    public string PersonaLine =>
        $"{Persona.Name}, the {Persona.Role}; {string.Join(", ", Persona.Traits)}" +
        (string.IsNullOrWhiteSpace(Persona.SpeakingStyle) ? "" : $"; speaks {Persona.SpeakingStyle}");

    public IReadOnlyList<PriorExchange> History()
    {
        lock (_lock)
        {
            return [.. _history];
        }
    }

    /// <summary>Makes <paramref name="turnId"/> the running turn, cancelling the one before it (barge-in).</summary>
    public CancellationToken Begin(string turnId)
    {
        lock (_lock)
        {
            _active?.Cancel.Cancel();
            var cancel = new CancellationTokenSource();
            _active = (turnId, cancel);
            return cancel.Token;
        }
    }

    /// <summary>Cancels the running turn if it is <paramref name="turnId"/>; false when no such turn is running.</summary>
    public bool Cancel(string turnId)
    {
        lock (_lock)
        {
            if (_active is not { } active || active.TurnId != turnId)
            {
                return false;
            }

            active.Cancel.Cancel();
            return true;
        }
    }

    /// <summary>Records a finished (or cancelled) exchange and clears the running turn.</summary>
    public void Complete(string turnId, string userText, string reply)
    {
        lock (_lock)
        {
            _history.Add(new PriorExchange(userText, reply));
            if (_active is { } active && active.TurnId == turnId)
            {
                active.Cancel.Dispose();
                _active = null;
            }
        }
    }

    /// <summary>Replaces the last reply with what the player actually heard and saw (after a barge-in).</summary>
    public bool TruncateLastReply(string heardText)
    {
        lock (_lock)
        {
            if (_history.Count == 0)
            {
                return false;
            }

            _history[^1] = _history[^1] with { Assistant = heardText };
            return true;
        }
    }
}
