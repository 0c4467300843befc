using MessagePack;
using NextGpt.Realtime.Contracts.Primitives;

namespace NextGpt.Realtime.Contracts.Sessions;

/// <summary>Per-session generation settings. Zero or null means "the server's default".</summary>
[MessagePackObject]
public sealed class SessionSettings
{
    /// <summary>Media the NPC may produce besides text; empty means all the model supports.</summary>
    [Key(0)] public Modality[] AllowedOutputs { get; set; } = [];

    /// <summary>Generated image width in pixels (0: the model's native size).</summary>
    [Key(1)] public int ImageWidth { get; set; }

    /// <summary>Generated image height in pixels (0: the model's native size).</summary>
    [Key(2)] public int ImageHeight { get; set; }

    /// <summary>Diffusion steps (0: the decoder's default).</summary>
    [Key(3)] public int DiffusionSteps { get; set; }

    /// <summary>Classifier-free guidance scale (0: the decoder's default, 7.5 for Stable Diffusion).</summary>
    [Key(4)] public float GuidanceScale { get; set; }

    /// <summary>Seed for sampling and diffusion noise; null draws a fresh one per turn.</summary>
    [Key(5)] public long? Seed { get; set; }

    /// <summary>Most tokens per reply (0: the server's default).</summary>
    [Key(6)] public int MaxTokens { get; set; }

    /// <summary>Sampling temperature (0: greedy).</summary>
    [Key(7)] public float Temperature { get; set; }

    /// <summary>Frames of a generated clip (0: the server's default); frames are square, ImageWidth wide, 8 per second.</summary>
    [Key(8)] public int VideoFrames { get; set; }
}
