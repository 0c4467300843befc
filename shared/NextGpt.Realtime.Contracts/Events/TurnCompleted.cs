using System.Collections.Generic;
using MessagePack;

namespace NextGpt.Realtime.Contracts.Events;

/// <summary>The last event of a turn that ran to its end (or was cancelled cleanly).</summary>
[MessagePackObject]
public sealed class TurnCompleted : TurnEvent
{
    /// <summary>The whole reply text, signal tokens removed.</summary>
    [Key(3)] public string Text { get; set; } = "";

    [Key(4)] public int PromptTokens { get; set; }

    [Key(5)] public int GeneratedTokens { get; set; }

    /// <summary>Per-stage milliseconds: queue, encode, prefill, first_token, decode, image, audio, video, total.</summary>
    [Key(6)] public Dictionary<string, double> StageMilliseconds { get; set; } = [];

    /// <summary>True when the turn stopped early because it was cancelled.</summary>
    [Key(7)] public bool Cancelled { get; set; }
}
