using System.Text.RegularExpressions;
using NextGpt.Realtime.Training.World;

namespace NextGpt.Realtime.Training.Benchmark;

/// <summary>
/// Computes world.md's score table from benchmark records, with issue 6's bars. Rows:
/// <list type="bullet">
/// <item>text->image: each attribute (shape, color, size, position per object; background per image), and all attributes
/// of a one-object request at once.</item>
/// <item>text->audio: kind, pitch (pitched kinds), pattern. text->video: shape, color, motion.</item>
/// <item>image->text, audio->text, video->text: each attribute of the canonical caption named correctly.</item>
/// <item>signal tokens when asked (recall of the full span, per modality), and when not asked (any token of the modality in
/// a reply that did not ask for it, per modality).</item>
/// <item>persona: the NPC's own name in its answer to "what is your name?", and no other persona's name.</item>
/// <item>diversity: two seeds of one request differ (mean absolute difference above <see cref="DiversityThreshold"/>) and
/// both pass the checker.</item>
/// </list>
/// </summary>
public static class BenchmarkScorer
{
    /// <summary>Smallest mean absolute difference (0-1 scale) for two outputs to count as different media.</summary>
    public const double DiversityThreshold = 0.005;

    public static ScoreTable Score(IEnumerable<BenchmarkRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var list = records.ToList();
        var rows = new List<ScoreRow>();

        var generations = list.OfType<GenerationRecord>().Select(r => (r.Request, Result: r.Produced.CheckAgainst(r.Request))).ToList();
        var images = generations.Where(g => g.Request is ImageMedia).ToList();
        foreach (var attribute in new[] { "shape", "color", "size", "position", "background" })
        {
            rows.Add(Count($"text->image {attribute}", images.SelectMany(g => g.Result.Verdicts).Where(v => BaseName(v.Attribute) == attribute), 0.95));
        }

        var single = images.Where(g => ((ImageMedia)g.Request).Scene.Objects.Count == 1).ToList();
        rows.Add(new ScoreRow("text->image all attributes (one object)", single.Count(g => g.Result.Passed), single.Count, AtLeast: 0.85));

        var sounds = generations.Where(g => g.Request is SoundMedia).SelectMany(g => g.Result.Verdicts).ToList();
        foreach (var attribute in new[] { "kind", "pitch", "pattern" })
        {
            rows.Add(Count($"text->audio {attribute}", sounds.Where(v => v.Attribute == attribute), 0.90));
        }

        var clips = generations.Where(g => g.Request is ClipMedia).SelectMany(g => g.Result.Verdicts).ToList();
        foreach (var attribute in new[] { "shape", "color", "motion" })
        {
            rows.Add(Count($"text->video {attribute}", clips.Where(v => v.Attribute == attribute), 0.90));
        }

        var descriptions = list.OfType<DescriptionRecord>().Select(r => (r.Input.Kind, Result: DescriptionParser.Score(r.Input, r.Reply))).ToList();
        foreach (var (kind, name) in new[] { (MediaKind.Image, "image->text"), (MediaKind.Audio, "audio->text"), (MediaKind.Video, "video->text") })
        {
            rows.Add(Count($"{name} attributes", descriptions.Where(d => d.Kind == kind).SelectMany(d => d.Result.Verdicts), 0.90));
        }

        var signals = list.OfType<SignalRecord>().ToList();
        foreach (var kind in Enum.GetValues<MediaKind>())
        {
            var asked = signals.Where(s => s.Requested == kind).ToList();
            rows.Add(new ScoreRow($"signal tokens when asked ({Word(kind)})", asked.Count(s => SignalTokens.HasFullSpan(s.Reply, kind)), asked.Count, AtLeast: 0.98));
        }

        foreach (var kind in Enum.GetValues<MediaKind>())
        {
            var notAsked = signals.Where(s => s.Requested != kind).ToList();
            rows.Add(new ScoreRow($"signal tokens when not asked ({Word(kind)})", notAsked.Count(s => SignalTokens.HasAny(s.Reply, kind)), notAsked.Count, AtMost: 0.01));
        }

        var personas = list.OfType<PersonaNameRecord>().ToList();
        rows.Add(new ScoreRow("persona: own name when asked", personas.Count(p => UsesOnlyOwnName(p.Persona.Name, p.Reply)), personas.Count, AtLeast: 0.95));

        var diversity = list.OfType<DiversityRecord>().ToList();
        rows.Add(new ScoreRow(
            "diversity: two seeds differ and both pass",
            diversity.Count(d => d.First.DifferenceTo(d.Second) > DiversityThreshold && d.First.CheckAgainst(d.Request).Passed && d.Second.CheckAgainst(d.Request).Passed),
            diversity.Count,
            AtLeast: 0.80));
        return new ScoreTable(rows);
    }

    /// <summary>The reply names the persona's own name and no other NPC name of any split.</summary>
    public static bool UsesOnlyOwnName(string name, string reply)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(reply);
        bool Says(string candidate) => Regex.IsMatch(reply, $@"\b{Regex.Escape(candidate)}\b", RegexOptions.IgnoreCase);
        return Says(name) && !PersonaPool.AllNames.Where(other => !string.Equals(other, name, StringComparison.OrdinalIgnoreCase)).Any(Says);
    }

    private static ScoreRow Count(string name, IEnumerable<Checkers.AttributeVerdict> verdicts, double atLeast)
    {
        var list = verdicts.ToList();
        return new ScoreRow(name, list.Count(v => v.Passed), list.Count, AtLeast: atLeast);
    }

    /// <summary>"shape#2" -> "shape".</summary>
    private static string BaseName(string attribute)
    {
        var hash = attribute.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? attribute : attribute[..hash];
    }

    private static string Word(MediaKind kind) => kind switch
    {
        MediaKind.Image => "image",
        MediaKind.Audio => "audio",
        MediaKind.Video => "video",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
