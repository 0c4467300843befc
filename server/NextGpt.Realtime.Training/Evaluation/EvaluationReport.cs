using System.Globalization;
using System.Text;
using NextGpt.Realtime.Modeling.Media.Audio;
using NextGpt.Realtime.Modeling.Media.Images;
using NextGpt.Realtime.Training.Benchmark;
using NextGpt.Realtime.Training.Checkers;
using NextGpt.Realtime.Training.Stages;
using NextGpt.Realtime.Training.World;
using SignalTokens = NextGpt.Realtime.Training.World.SignalTokens;

namespace NextGpt.Realtime.Training.Evaluation;

/// <summary>
/// Writes a benchmark run as a self-contained HTML report (<c>index.html</c> plus <c>media/</c>): the score table against
/// issue 6's bars, the decoders' measured times, the training loss curves of the model folder, a gallery of generated
/// images, sounds (players) and clips (animated film strips) with their requests and the checkers' verdicts, descriptions
/// of input media, and the NPC transcripts. Plain HTML and CSS: it opens from disk in any browser.
/// </summary>
public static class EvaluationReport
{
    private const int Scale = 3;

    public static string Write(string folder, BenchmarkRun run, ScoreTable table, string modelFolder, string command)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(table);
        var media = Directory.CreateDirectory(Path.Combine(folder, "media")).FullName;
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>NExT-GPT world benchmark</title><style>")
            .Append(Style).Append("</style></head><body>");
        html.Append(CultureInfo.InvariantCulture,
            $"<header><h1>NExT-GPT · Emberfall benchmark</h1><p>{Html(modelFolder)} · held-out dialogues, names and seeds · {run.Exchanges.Count} exchanges · ran {run.Elapsed:hh\\:mm\\:ss} · <code>{Html(command)}</code></p></header>");
        html.Append(Scores(table)).Append(Speeds(run)).Append(LossCurves(modelFolder));

        var counter = 0;
        string Save(string extension, byte[] bytes)
        {
            var name = $"m{counter++:D4}.{extension}";
            File.WriteAllBytes(Path.Combine(media, name), bytes);
            return "media/" + name;
        }

        var generated = run.Exchanges.Where(e => e.Produced is not null).ToList();
        html.Append(Gallery("Images", generated.Where(e => e.Produced is ImageOutput), Save));
        html.Append(Gallery("Sounds", generated.Where(e => e.Produced is SoundOutput), Save));
        html.Append(Gallery("Clips", generated.Where(e => e.Produced is ClipOutput), Save));
        html.Append(Descriptions(run.Exchanges.Where(e => e.Attachment is not null && e.Asked is null), Save));
        html.Append(Diversity(run.Diversity, Save));
        html.Append(Transcripts(run.Exchanges));
        html.Append("</body></html>");
        var path = Path.Combine(folder, "index.html");
        File.WriteAllText(path, html.ToString());
        return path;
    }

    private static string Scores(ScoreTable table)
    {
        var html = new StringBuilder("<section><h2>Scores</h2><table class=\"scores\"><tr><th>score</th><th>measured</th><th>n</th><th>bar</th><th></th></tr>");
        foreach (var row in table.Rows)
        {
            var (mark, css) = row.MeetsBar switch { true => ("meets", "ok"), false => ("below", "bad"), null => ("no data", "none") };
            var rate = row.Total == 0 ? "–" : row.Rate.ToString("P1", CultureInfo.InvariantCulture);
            html.Append(CultureInfo.InvariantCulture,
                $"<tr class=\"{css}\"><td>{Html(row.Name)}</td><td>{rate}</td><td>{row.Passed}/{row.Total}</td><td>{Html(row.Bar)}</td><td>{mark}</td></tr>");
        }

        return html.Append("</table></section>").ToString();
    }

    private static string Speeds(BenchmarkRun run)
    {
        var html = new StringBuilder("<section><h2>Speed</h2><p class=\"note\">Medians over this run, on this machine.</p><ul class=\"speeds\">");
        if (run.FirstTokenTimes.Count > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li>first token <b>{Median(run.FirstTokenTimes):F0} ms</b></li>");
        }

        foreach (var (modality, times) in run.DecodeTimes.OrderBy(e => e.Key))
        {
            html.Append(CultureInfo.InvariantCulture, $"<li>{modality.ToString().ToLowerInvariant()} decode <b>{Median(times):F0} ms</b> ({times.Count})</li>");
        }

        return html.Append("</ul></section>").ToString();
    }

    /// <summary>Median in milliseconds.</summary>
    public static double Median(IReadOnlyList<TimeSpan> times)
    {
        ArgumentNullException.ThrowIfNull(times);
        var sorted = times.Select(t => t.TotalMilliseconds).Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string LossCurves(string modelFolder)
    {
        var logs = Path.Combine(modelFolder, "training");
        var files = Directory.Exists(logs) ? Directory.GetFiles(logs, "*.loss.jsonl").Order(StringComparer.Ordinal).ToList() : [];
        var html = new StringBuilder("<section><h2>Training</h2>");
        if (files.Count == 0)
        {
            return html.Append("<p class=\"note\">The model folder has no loss logs (training/*.loss.jsonl).</p></section>").ToString();
        }

        html.Append("<div class=\"curves\">");
        foreach (var file in files)
        {
            html.Append(LossCurveSvg.Render(Path.GetFileName(file).Replace(".loss.jsonl", "", StringComparison.Ordinal), LossCurveSvg.Read(file)));
        }

        return html.Append("</div></section>").ToString();
    }

    private static string Gallery(string title, IEnumerable<EvaluatedExchange> exchanges, Func<string, byte[], string> save)
    {
        var list = exchanges.ToList();
        if (list.Count == 0)
        {
            return string.Empty;
        }

        var html = new StringBuilder($"<section><h2>{title}</h2><div class=\"grid\">");
        foreach (var exchange in list)
        {
            var passed = exchange.Verdicts?.Passed == true;
            html.Append(CultureInfo.InvariantCulture, $"<figure class=\"{(passed ? "ok" : "bad")}\">")
                .Append(Medium(exchange.Produced!, save))
                .Append(CultureInfo.InvariantCulture, $"<figcaption><q>{Html(exchange.PlayerText)}</q><span class=\"want\">{Html(exchange.Asked!.Caption)}</span>")
                .Append(exchange.Forced ? "<span class=\"forced\">no signal run: generated by a required turn</span>" : "")
                .Append(Verdicts(exchange.Verdicts)).Append("</figcaption></figure>");
        }

        return html.Append("</div></section>").ToString();
    }

    private static string Descriptions(IEnumerable<EvaluatedExchange> exchanges, Func<string, byte[], string> save)
    {
        var list = exchanges.ToList();
        if (list.Count == 0)
        {
            return string.Empty;
        }

        var html = new StringBuilder("<section><h2>What the NPC perceived</h2><div class=\"grid\">");
        foreach (var exchange in list)
        {
            html.Append(CultureInfo.InvariantCulture, $"<figure class=\"{(exchange.Verdicts?.Passed == true ? "ok" : "bad")}\">")
                .Append(Medium(Rendered(exchange.Attachment!), save))
                .Append(CultureInfo.InvariantCulture, $"<figcaption><span class=\"want\">{Html(exchange.Attachment!.Caption)}</span><q>{Html(exchange.Reply)}</q>")
                .Append(Verdicts(exchange.Verdicts)).Append("</figcaption></figure>");
        }

        return html.Append("</div></section>").ToString();
    }

    private static string Diversity(IReadOnlyList<DiversityRecord> pairs, Func<string, byte[], string> save)
    {
        if (pairs.Count == 0)
        {
            return string.Empty;
        }

        var html = new StringBuilder("<section><h2>Diversity: one request, two seeds</h2><div class=\"grid\">");
        foreach (var pair in pairs)
        {
            var differ = pair.First.DifferenceTo(pair.Second) > BenchmarkScorer.DiversityThreshold;
            var both = pair.First.CheckAgainst(pair.Request).Passed && pair.Second.CheckAgainst(pair.Request).Passed;
            html.Append(CultureInfo.InvariantCulture, $"<figure class=\"pair {(differ && both ? "ok" : "bad")}\">")
                .Append(Medium(pair.First, save)).Append(Medium(pair.Second, save))
                .Append(CultureInfo.InvariantCulture,
                    $"<figcaption><span class=\"want\">{Html(pair.Request.Caption)}</span>{(differ ? "different" : "the same")}, {(both ? "both pass" : "not both pass")}</figcaption></figure>");
        }

        return html.Append("</div></section>").ToString();
    }

    private static string Transcripts(IReadOnlyList<EvaluatedExchange> exchanges)
    {
        var html = new StringBuilder("<section><h2>Transcripts</h2>");
        foreach (var dialogue in exchanges.GroupBy(e => e.DialogueSeed).Take(12))
        {
            var persona = dialogue.First().Persona;
            html.Append(CultureInfo.InvariantCulture, $"<article class=\"chat\"><h3>{Html(persona.Description)}</h3>");
            foreach (var exchange in dialogue)
            {
                var attachment = exchange.Attachment is { } a ? $" <span class=\"att\">[{a.Kind.ToString().ToLowerInvariant()}: {Html(a.Caption)}]</span>" : "";
                html.Append(CultureInfo.InvariantCulture, $"<p class=\"player\">{Html(exchange.PlayerText)}{attachment}</p>")
                    .Append(CultureInfo.InvariantCulture, $"<p class=\"npc\">{Html(SignalTokens.Strip(exchange.Reply))}{SignalBadge(exchange.Reply)}</p>");
            }

            html.Append("</article>");
        }

        return html.Append("</section>").ToString();
    }

    private static string SignalBadge(string reply) => string.Concat(Enum.GetValues<MediaKind>()
        .Where(kind => SignalTokens.HasFullSpan(reply, kind))
        .Select(kind => $" <span class=\"sig\">{SignalTokens.Prefix(kind)}…</span>"));

    private static string Verdicts(CheckResult? result) => result is null
        ? string.Empty
        : "<ul class=\"v\">" + string.Concat(result.Verdicts.Select(v =>
            $"<li class=\"{(v.Passed ? "ok" : "bad")}\">{Html(v.Attribute)}: {Html(v.Observed)}{(v.Passed ? "" : $" (want {Html(v.Expected)})")}</li>")) + "</ul>";

    private static MediaOutput Rendered(WorldMedia media) => media switch
    {
        ImageMedia image => new ImageOutput(image.Render()),
        SoundMedia sound => new SoundOutput(sound.Render()),
        ClipMedia clip => new ClipOutput(clip.Render()),
        _ => throw new ArgumentOutOfRangeException(nameof(media), media, null),
    };

    private static string Medium(MediaOutput output, Func<string, byte[], string> save) => output switch
    {
        ImageOutput image => $"<img src=\"{save("png", ImageEncoder.EncodePng(image.Image))}\" width=\"{image.Image.Width * Scale}\" alt=\"generated image\">",
        SoundOutput sound => $"<audio controls src=\"{save("wav", WavWriter.ToWav16(PcmAudio.Mono(WorldMediaEmbedder.SampleRate, sound.Samples)))}\"></audio>",
        ClipOutput clip => FilmStrip(clip.Clip, save),
        _ => throw new ArgumentOutOfRangeException(nameof(output), output, null),
    };

    // The clip's frames side by side in one PNG, shown one at a time by a CSS steps() animation at world.md's 4 frames/s.
    private static string FilmStrip(Clip clip, Func<string, byte[], string> save)
    {
        var (width, height, count) = (clip.Frames[0].Width, clip.Frames[0].Height, clip.Frames.Count);
        var pixels = new byte[width * count * height * 3];
        for (var f = 0; f < count; f++)
        {
            for (var y = 0; y < height; y++)
            {
                Array.Copy(clip.Frames[f].Pixels, y * width * 3, pixels, ((y * width * count) + (f * width)) * 3, width * 3);
            }
        }

        var strip = save("png", ImageEncoder.EncodePng(new RgbImage(width * count, height, pixels)));
        var seconds = (count / WorldMediaEmbedder.FramesPerSecond).ToString("F2", CultureInfo.InvariantCulture);
        return $"<div class=\"clip\" style=\"width:{width * Scale}px;height:{height * Scale}px;background-image:url({strip});" +
               $"background-size:{width * Scale * count}px {height * Scale}px;--end:-{width * Scale * count}px;animation-duration:{seconds}s;" +
               $"animation-timing-function:steps({count})\"></div>";
    }

    private static string Html(string text) => System.Net.WebUtility.HtmlEncode(text);

    private const string Style = """
        :root{--bg:#12141a;--panel:#1b1e27;--ink:#e8e6e1;--dim:#9aa0ad;--ok:#4cc38a;--bad:#e5646e;--accent:#f0b35a}
        body{margin:0;padding:24px 32px;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,sans-serif}
        header h1{margin:0;color:var(--accent);font-weight:600}header p{color:var(--dim);margin:4px 0 0}
        section{background:var(--panel);border-radius:10px;padding:16px 20px;margin:20px 0}h2{margin:0 0 12px;font-size:18px}
        table.scores{border-collapse:collapse;width:100%}table.scores td,table.scores th{padding:5px 10px;text-align:left;border-bottom:1px solid #2a2e3a}
        tr.ok td:last-child{color:var(--ok)}tr.bad td:last-child{color:var(--bad)}tr.none td{color:var(--dim)}
        .note{color:var(--dim)}.speeds{display:flex;gap:24px;list-style:none;padding:0}
        .curves{display:flex;flex-wrap:wrap;gap:12px}svg.loss{width:360px;background:#151821;border-radius:8px}
        svg.loss polyline{fill:none;stroke:var(--accent);stroke-width:1.5}svg.loss text{fill:var(--dim);font-size:10px}svg.loss .t{fill:var(--ink);font-size:12px}
        svg.loss .a{stroke:#333a48}
        .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(230px,1fr));gap:14px}
        figure{margin:0;padding:10px;border-radius:8px;background:#151821;border-top:3px solid var(--bad)}figure.ok{border-top-color:var(--ok)}
        figure img,.clip{image-rendering:pixelated;display:block;border-radius:4px}figure audio{width:100%}
        figure.pair img,figure.pair .clip{display:inline-block;margin-right:6px}
        figcaption{font-size:13px;margin-top:6px}q{display:block;color:var(--ink)}.want{display:block;color:var(--dim)}
        .forced{display:block;color:var(--accent)}ul.v{list-style:none;padding:0;margin:4px 0 0}ul.v li.ok{color:var(--ok)}ul.v li.bad{color:var(--bad)}
        .clip{animation-name:film;animation-iteration-count:infinite}@keyframes film{to{background-position:var(--end) 0}}
        article.chat{border-left:2px solid #2a2e3a;padding-left:12px;margin-bottom:16px}article.chat h3{font-size:14px;color:var(--accent)}
        p.player{color:var(--dim);margin:2px 0}p.npc{margin:2px 0 10px}.sig{background:#2c3350;border-radius:4px;padding:0 5px;font-size:12px}.att{color:var(--accent)}
        """;
}
