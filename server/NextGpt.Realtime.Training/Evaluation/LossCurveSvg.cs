using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NextGpt.Realtime.Training.Evaluation;

/// <summary>
/// Draws a training loss log (<c>loss.jsonl</c>: one <c>{"step", "loss", ...}</c> object a line, written by TrainingRun)
/// as an inline SVG line chart with a log-scaled loss axis, so the report needs no plotting library or script.
/// </summary>
public static class LossCurveSvg
{
    private const int Width = 360;
    private const int Height = 180;
    private const int Margin = 34;

    /// <summary>(step, loss) points of a loss log; unreadable lines are skipped, as a log cut by an interruption may end mid-line.</summary>
    public static IReadOnlyList<(long Step, double Loss)> Read(string path)
    {
        var points = new List<(long, double)>();
        foreach (var line in File.ReadLines(path))
        {
            try
            {
                using var entry = JsonDocument.Parse(line);
                var loss = entry.RootElement.GetProperty("loss").GetDouble();
                if (double.IsFinite(loss) && loss > 0)
                {
                    points.Add((entry.RootElement.GetProperty("step").GetInt64(), loss));
                }
            }
            catch (JsonException)
            {
            }
        }

        return points;
    }

    public static string Render(string title, IReadOnlyList<(long Step, double Loss)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var svg = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<svg class=\"loss\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Html(title)}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Margin}\" y=\"14\" class=\"t\">{Html(title)}</text>");
        if (points.Count < 2)
        {
            return svg.Append("<text x=\"40\" y=\"90\">no steps logged</text></svg>").ToString();
        }

        var (minStep, maxStep) = (points.Min(p => p.Step), points.Max(p => p.Step));
        var (low, high) = (Math.Log10(points.Min(p => p.Loss)), Math.Log10(points.Max(p => p.Loss)));
        if (high - low < 1e-6)
        {
            high = low + 1;
        }

        double X(long step) => Margin + ((Width - Margin - 8) * (step - minStep) / (double)Math.Max(1, maxStep - minStep));
        double Y(double loss) => Height - 20 - ((Height - 44) * (Math.Log10(loss) - low) / (high - low));
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Margin}\" y1=\"{Height - 20}\" x2=\"{Width - 8}\" y2=\"{Height - 20}\" class=\"a\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"2\" y=\"{Y(points.Max(p => p.Loss)) + 4:F0}\" class=\"l\">{points.Max(p => p.Loss):G3}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"2\" y=\"{Y(points.Min(p => p.Loss)) + 4:F0}\" class=\"l\">{points.Min(p => p.Loss):G3}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - 60}\" y=\"{Height - 4}\" class=\"l\">step {maxStep}</text>");
        svg.Append("<polyline points=\"");
        foreach (var (step, loss) in points)
        {
            svg.Append(CultureInfo.InvariantCulture, $"{X(step):F1},{Y(loss):F1} ");
        }

        return svg.Append("\"/></svg>").ToString();
    }

    private static string Html(string text) => System.Net.WebUtility.HtmlEncode(text);
}
