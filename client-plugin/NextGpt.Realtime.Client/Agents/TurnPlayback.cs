using System;
using System.Collections.Generic;
using System.Linq;

namespace NextGpt.Realtime.Client.Agents;

/// <summary>
/// What the player has actually seen and heard of a turn, sent to the server on barge-in so the NPC's memory keeps only
/// that. By default everything received counts as shown (a text UI); an engine that plays audio or types text out over
/// time sets <see cref="Manual"/> and reports progress as it presents it.
/// </summary>
public sealed class TurnPlayback
{
    private readonly object _lock = new();
    private readonly HashSet<int> _playedParts = [];
    private int _textShown;

    /// <summary>When true only <see cref="ReportTextShown"/> and <see cref="ReportPartPlayed"/> count.</summary>
    public bool Manual { get; set; }

    /// <summary>The reply has been shown or spoken up to <paramref name="characters"/> characters (never goes back).</summary>
    public void ReportTextShown(int characters)
    {
        if (characters < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(characters));
        }

        lock (_lock)
        {
            _textShown = Math.Max(_textShown, characters);
        }
    }

    /// <summary>A medium (image, sound, clip) was shown or played in full.</summary>
    public void ReportPartPlayed(int partId)
    {
        lock (_lock)
        {
            _playedParts.Add(partId);
        }
    }

    internal (int TextShown, int[] Parts) Snapshot(int textReceived, IEnumerable<GeneratedMedia> media)
    {
        if (!Manual)
        {
            return (textReceived, media.Where(m => m.IsCompleted).Select(m => m.PartId).OrderBy(id => id).ToArray());
        }

        lock (_lock)
        {
            return (Math.Min(_textShown, textReceived), _playedParts.OrderBy(id => id).ToArray());
        }
    }
}
