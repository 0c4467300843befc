using System;
using System.Collections.Generic;

namespace NextGpt.Realtime.Client.Scenes;

/// <summary>What an XR scene should look and sound like.</summary>
public sealed class SceneRequest
{
    /// <summary>The scene in words ("a stormy harbour at dusk, lanterns swinging").</summary>
    public string Description { get; set; } = "";

    /// <summary>Optional PNG of the current view, so the generated scene matches it.</summary>
    public byte[]? ScreenshotPng { get; set; }

    /// <summary>Props to texture ("barrel", "fishing net"); one square image each.</summary>
    public IList<string> Props { get; set; } = [];

    public bool AmbientAudio { get; set; } = true;

    /// <summary>Equirectangular panorama size (2:1).</summary>
    public int PanoramaWidth { get; set; } = 1024;

    public int PanoramaHeight { get; set; } = 512;

    public int PropSize { get; set; } = 512;

    /// <summary>Diffusion steps of the quick first panorama (low detail, seconds); 0 skips the draft.</summary>
    public int DraftSteps { get; set; } = 8;

    /// <summary>Diffusion steps of the final assets (0: the server's default).</summary>
    public int FinalSteps { get; set; }

    /// <summary>How many lines an NPC of the scene should have ready (0: none).</summary>
    public int NpcLines { get; set; }

    public long? Seed { get; set; }

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Description))
        {
            throw new ArgumentException("A scene needs a description.");
        }

        if (PanoramaWidth <= 0 || PanoramaHeight <= 0 || PropSize <= 0 || DraftSteps < 0 || FinalSteps < 0 || NpcLines < 0)
        {
            throw new ArgumentException("Scene sizes must be positive and step counts non-negative.");
        }
    }
}
