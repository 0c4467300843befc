namespace NextGpt.Realtime.Server.Models;

/// <summary>Which model the server serves (configuration section <c>Model</c>, e.g. <c>Model__Path=/models/x</c>).</summary>
public sealed class ModelOptions
{
    public const string Section = "Model";

    /// <summary>A model folder (with <c>manifest.json</c>); empty: the embedded default if present, else an untrained model.</summary>
    public string? Path { get; set; }

    /// <summary>Serve NExT-GPT's classes with random weights even when the embedded default exists: tests of the serving
    /// machinery use it so they do not depend on (or wait for) trained weights.</summary>
    public bool Untrained { get; set; }

    /// <summary>Seed of the untrained model's random weights.</summary>
    public long UntrainedSeed { get; set; }
}
