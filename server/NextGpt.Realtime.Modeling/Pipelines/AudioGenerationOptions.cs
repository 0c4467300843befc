namespace NextGpt.Realtime.Modeling.Pipelines;

/// <summary>
/// Parameters of one AudioLDM generation. Defaults follow NExT-GPT's legacy <c>generate_audios</c> (architecture notes
/// section 5.2: guidance 7.5, 5 s) with the demo's 50 steps.
/// </summary>
public sealed record AudioGenerationOptions
{
    public double AudioLengthSeconds { get; init; } = 5.0;

    public int NumInferenceSteps { get; init; } = 50;

    public double GuidanceScale { get; init; } = 7.5;

    public long Seed { get; init; }

    public void Validate()
    {
        if (NumInferenceSteps <= 0 || AudioLengthSeconds <= 0 || Seed < 0)
        {
            throw new ArgumentException("Steps and audio length must be positive and the seed non-negative.");
        }
    }
}
