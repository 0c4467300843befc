using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace NextGpt.Realtime.Server.Observability;

/// <summary>
/// Renders the server's meter (<see cref="ServerMetrics.MeterName"/>) in the Prometheus text exposition format 0.0.4:
/// counters as <c>_total</c>, histograms as <c>_count</c>/<c>_sum</c> with cumulative buckets, gauges as read at scrape
/// time. A <see cref="MeterListener"/> aggregates measurements as they happen; names become
/// <c>nextgpt_&lt;instrument&gt;</c> with dots turned into underscores, tags become labels.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    private static readonly double[] Buckets = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(Instrument Instrument, string Labels), Series> _series = new();

    public PrometheusExporter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ServerMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>The current values as Prometheus text.</summary>
    public string Scrape()
    {
        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        foreach (var group in _series.GroupBy(s => s.Key.Instrument).OrderBy(g => g.Key.Name, StringComparer.Ordinal))
        {
            var instrument = group.Key;
            var name = "nextgpt_" + instrument.Name.Replace('.', '_');
            var kind = instrument switch
            {
                Counter<long> or Counter<int> or Counter<double> => "counter",
                Histogram<long> or Histogram<int> or Histogram<double> => "histogram",
                _ => "gauge",
            };
            text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {instrument.Description}\n# TYPE {name} {kind}\n");
            foreach (var (key, series) in group.OrderBy(s => s.Key.Labels, StringComparer.Ordinal))
            {
                lock (series)
                {
                    switch (kind)
                    {
                        case "counter":
                            text.Append(CultureInfo.InvariantCulture, $"{name}_total{Braces(key.Labels)} {series.Sum}\n");
                            break;
                        case "histogram":
                            for (var i = 0; i < Buckets.Length; i++)
                            {
                                text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{Braces(Join(key.Labels, $"le=\"{Buckets[i]}\""))} {series.Buckets[i]}\n");
                            }

                            text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{Braces(Join(key.Labels, "le=\"+Inf\""))} {series.Count}\n");
                            text.Append(CultureInfo.InvariantCulture, $"{name}_sum{Braces(key.Labels)} {series.Sum}\n");
                            text.Append(CultureInfo.InvariantCulture, $"{name}_count{Braces(key.Labels)} {series.Count}\n");
                            break;
                        default:
                            text.Append(CultureInfo.InvariantCulture, $"{name}{Braces(key.Labels)} {series.Last}\n");
                            break;
                    }
                }
            }
        }

        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new StringBuilder();
        foreach (var tag in tags)
        {
            var escaped = Convert.ToString(tag.Value, CultureInfo.InvariantCulture)?.Replace("\\", "\\\\").Replace("\"", "\\\"") ?? "";
            labels.Append(labels.Length > 0 ? "," : "").Append(tag.Key).Append("=\"").Append(escaped).Append('"');
        }

        var series = _series.GetOrAdd((instrument, labels.ToString()), _ => new Series());
        lock (series)
        {
            series.Count++;
            series.Sum += value;
            series.Last = value;
            for (var i = 0; i < Buckets.Length; i++)
            {
                if (value <= Buckets[i])
                {
                    series.Buckets[i]++;
                }
            }
        }
    }

    private static string Join(string labels, string extra) => labels.Length == 0 ? extra : $"{labels},{extra}";

    private static string Braces(string labels) => labels.Length == 0 ? "" : $"{{{labels}}}";

    private sealed class Series
    {
        public long Count { get; set; }

        public double Sum { get; set; }

        public double Last { get; set; }

        public long[] Buckets { get; } = new long[PrometheusExporter.Buckets.Length];
    }
}
