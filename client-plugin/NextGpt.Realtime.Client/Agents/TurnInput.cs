using System;
using System.Collections.Generic;
using NextGpt.Realtime.Contracts.Primitives;

namespace NextGpt.Realtime.Client.Agents;

/// <summary>
/// What the player gives the NPC in one turn: text plus any mix of images, sounds, voice and clips.
/// <code>npc.StartTurn(TurnInput.Say("What is this?").With(MediaInput.Image(png)).With(MediaInput.Wav(wav)))</code>
/// </summary>
public sealed class TurnInput
{
    private readonly List<MediaInput> _media = [];

    public string Text { get; set; } = "";

    public IReadOnlyList<MediaInput> Media => _media;

    /// <summary>Restricts this turn's outputs (for example text only); empty: the session's settings.</summary>
    public Modality[] AllowedOutputs { get; set; } = [];

    /// <summary>Media this turn must produce (a skybox, a sound), whatever the model would decide; empty: its choice.</summary>
    public Modality[] RequiredOutputs { get; set; } = [];

    public static TurnInput Say(string text) => new() { Text = text ?? throw new ArgumentNullException(nameof(text)) };

    public TurnInput With(MediaInput media)
    {
        _media.Add(media ?? throw new ArgumentNullException(nameof(media)));
        return this;
    }

    public TurnInput Only(params Modality[] outputs)
    {
        AllowedOutputs = outputs ?? [];
        return this;
    }

    public TurnInput Require(params Modality[] outputs)
    {
        RequiredOutputs = outputs ?? [];
        return this;
    }

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Text) && _media.Count == 0)
        {
            throw new ArgumentException("A turn needs text or at least one input medium.");
        }
    }
}
