namespace NextGpt.Realtime.Client.Scenes;

public enum SceneAssetKind
{
    Panorama,
    AmbientAudio,
    PropTexture,
    NpcLines,
}

/// <summary>
/// One step of a scene's progressive delivery: a panorama preview while it denoises, a draft, a final image, an ambient
/// sound, a prop texture, NPC lines. Show each as it comes; a later update of the same asset replaces the earlier one.
/// </summary>
public sealed class SceneAssetUpdate
{
    public SceneAssetUpdate(SceneAssetKind kind, string name, SceneDetail detail)
    {
        Kind = kind;
        Name = name;
        Detail = detail;
    }

    public SceneAssetKind Kind { get; }

    /// <summary>"panorama", "ambient", the prop's name, or "lines".</summary>
    public string Name { get; }

    public SceneDetail Detail { get; }

    /// <summary>PNG of a panorama or texture.</summary>
    public byte[]? Png { get; set; }

    /// <summary>PCM16 mono of the ambient sound at <see cref="SampleRate"/>.</summary>
    public byte[]? Pcm16 { get; set; }

    public int SampleRate { get; set; }

    public string? Text { get; set; }

    /// <summary>Denoising progress of a preview (step of total).</summary>
    public int Step { get; set; }

    public int TotalSteps { get; set; }

    public override string ToString() => $"{Kind} {Name} {Detail}" + (TotalSteps > 0 ? $" {Step}/{TotalSteps}" : "");
}

/// <summary>Level of detail of an update: previews first, then the draft, then the final asset.</summary>
public enum SceneDetail
{
    Preview,
    Draft,
    Final,
}
