namespace NextGpt.Realtime.Training.Checkers;

/// <summary>A checker's verdict on one attribute: what the ground truth says, what the checker read from the medium
/// ("none" when it could not read it), and whether they agree.</summary>
public sealed record AttributeVerdict(string Attribute, string Expected, string Observed)
{
    /// <summary>The observed word when the checker could not read the attribute at all.</summary>
    public const string Unreadable = "none";

    public bool Passed => string.Equals(Expected, Observed, StringComparison.Ordinal);

    public override string ToString() => $"{Attribute}: expected {Expected}, saw {Observed} ({(Passed ? "pass" : "FAIL")})";
}
