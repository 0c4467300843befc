using NextGpt.Realtime.Contracts.Sessions;
using NextGpt.Realtime.Modeling.Turns;

namespace NextGpt.Realtime.Server.Sessions;

/// <summary>
/// One NPC conversation: persona, settings, the players in it, the history the next turn reads, the uploads its players
/// sent, and the turn now running (one at a time; a new turn barges in on the old one). Players and history live in an
/// <see cref="ISessionHistory"/> (this process, or Redis when scaled out, so every node sees the same conversation);
/// uploads and the running turn belong to the node the player is connected to. Mutated from hub calls and the inference
/// thread, so every access locks.
/// </summary>
public sealed class NpcSession(string id, Persona persona, SessionSettings settings, ISessionHistory? history = null, int maxHistory = 64)
{
    private readonly Lock _lock = new();
    private readonly ISessionHistory _history = history ?? new LocalSessionHistory();
    private (string TurnId, CancellationTokenSource Cancel)? _active;

    public string Id { get; } = id;

    public Persona Persona { get; } = persona;

    public SessionSettings Settings { get; } = settings;

    /// <summary>The inputs this session's players uploaded (to this node).</summary>
    public UploadStore Uploads { get; } = new();

    public int TurnCount => _history.Count;

    /// <summary>The persona as the line the model reads before the conversation.</summary>
    public string PersonaLine =>
        $"{Persona.Name}, the {Persona.Role}; {string.Join(", ", Persona.Traits)}" +
        (string.IsNullOrWhiteSpace(Persona.SpeakingStyle) ? "" : $"; speaks {Persona.SpeakingStyle}");

    /// <summary>Players who created or joined the session.</summary>
    public IReadOnlyList<string> Players => _history.Players();

    public void AddPlayer(string playerId) => _history.AddPlayer(playerId);

    public IReadOnlyList<ExchangeRecord> History() => _history.Read();

    /// <summary>
    /// The history as the model reads it. With more than one player each line names its speaker ("Ada: ..."), so the NPC
    /// can tell who said what (multiplayer attribution).
    /// </summary>
    public IReadOnlyList<PriorExchange> PromptHistory()
    {
        var named = _history.Players().Count > 1;
        return [.. _history.Read().Select(e => new PriorExchange(Attributed(e.PlayerId, e.UserText, named), e.ReplyText))];
    }

    /// <summary>The player's text as the model reads it in this session.</summary>
    public string Attributed(string playerId, string text) => Attributed(playerId, text, _history.Players().Count > 1);

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

    /// <summary>Cancels the running turn unless it is <paramref name="turnId"/> (another node began that turn: barge-in).</summary>
    public void CancelOther(string turnId)
    {
        lock (_lock)
        {
            if (_active is { } active && active.TurnId != turnId)
            {
                active.Cancel.Cancel();
            }
        }
    }

    /// <summary>Records a finished (or cancelled) exchange and clears the running turn.</summary>
    public void Complete(ExchangeRecord exchange)
    {
        _history.Append(exchange, maxHistory);
        Abandon(exchange.TurnId);
    }

    /// <summary>Clears the running turn without a history entry (it was refused before it ran).</summary>
    public void Abandon(string turnId)
    {
        lock (_lock)
        {
            if (_active is { } active && active.TurnId == turnId)
            {
                active.Cancel.Dispose();
                _active = null;
            }
        }
    }

    /// <summary>
    /// Keeps only what the players actually heard and saw of a turn's reply (after a barge-in): the first
    /// <paramref name="charactersShown"/> characters of its text and the media parts they saw whole.
    /// </summary>
    /// <returns>False when the turn is not in the history.</returns>
    public bool Truncate(string turnId, int charactersShown, IReadOnlyCollection<int> completedPartIds) =>
        _history.Replace(turnId, exchange => exchange with
        {
            ReplyText = exchange.ReplyText[..Math.Clamp(charactersShown, 0, exchange.ReplyText.Length)],
            OutputParts = [.. exchange.OutputParts.Where(p => completedPartIds.Contains(p.PartId))],
        });

    private static string Attributed(string playerId, string text, bool named) =>
        named && !string.IsNullOrWhiteSpace(playerId) ? $"{playerId}: {text}" : text;
}
