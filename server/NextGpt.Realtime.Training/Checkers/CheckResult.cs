namespace NextGpt.Realtime.Training.Checkers;

/// <summary>All the verdicts of one check, with what the checker measured (for reports and debugging).</summary>
public sealed record CheckResult(IReadOnlyList<AttributeVerdict> Verdicts)
{
    /// <summary>Every attribute correct at once.</summary>
    public bool Passed => Verdicts.All(verdict => verdict.Passed);

    /// <summary>The verdict on one attribute (e.g. "shape", or "shape#2" for the second object of an image).</summary>
    public AttributeVerdict this[string attribute] =>
        Verdicts.FirstOrDefault(verdict => verdict.Attribute == attribute)
        ?? throw new KeyNotFoundException($"No verdict on '{attribute}'; the check has {string.Join(", ", Verdicts.Select(v => v.Attribute))}.");

    public override string ToString() => string.Join("; ", Verdicts);
}
