using System.Diagnostics.Metrics;
using NextGpt.Realtime.Contracts.Primitives;

namespace NextGpt.Realtime.Server.Observability;

/// <summary>
/// The server's instruments (System.Diagnostics.Metrics, meter <see cref="MeterName"/>): turns by outcome, errors by code,
/// queue wait, time to first token, time to first image preview and first audio chunk, decode throughput, diffusion
/// steps, and the queue depth. Exported in Prometheus text format at <c>/metrics</c> and visible to any OpenTelemetry or
/// dotnet-counters listener.
/// </summary>
public sealed class ServerMetrics : IDisposable
{
    public const string MeterName = "NextGpt.Realtime.Server";

    private readonly Meter _meter;
    private readonly Counter<long> _turns;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _tokens;
    private readonly Counter<long> _diffusionSteps;
    private readonly Counter<long> _replacedPreviews;
    private readonly Histogram<double> _queueWait;
    private readonly Histogram<double> _timeToFirstToken;
    private readonly Histogram<double> _timeToFirstPreview;
    private readonly Histogram<double> _timeToFirstAudio;
    private readonly Histogram<double> _tokensPerSecond;
    private readonly Histogram<double> _diffusionStepsPerSecond;
    private readonly Histogram<int> _batchSize;

    public ServerMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _turns = _meter.CreateCounter<long>("nextgpt.turns", description: "Turns that ended, by outcome (completed, cancelled, failed, refused).");
        _errors = _meter.CreateCounter<long>("nextgpt.errors", description: "Errors answered to clients, by code.");
        _tokens = _meter.CreateCounter<long>("nextgpt.tokens.generated", description: "Tokens the LLM generated.");
        _diffusionSteps = _meter.CreateCounter<long>("nextgpt.diffusion.steps", description: "Denoising steps run, by medium.");
        _replacedPreviews = _meter.CreateCounter<long>("nextgpt.previews.replaced", description: "Previews superseded before a slow client read them.");
        _queueWait = _meter.CreateHistogram<double>("nextgpt.queue.wait", "ms", "Time a turn waited for the model.");
        _timeToFirstToken = _meter.CreateHistogram<double>("nextgpt.time_to_first_token", "ms", "Turn start to the first generated token.");
        _timeToFirstPreview = _meter.CreateHistogram<double>("nextgpt.time_to_first_preview", "ms", "Image decoder start to its first preview.");
        _timeToFirstAudio = _meter.CreateHistogram<double>("nextgpt.time_to_first_audio", "ms", "Audio decoder start to its first chunk.");
        _tokensPerSecond = _meter.CreateHistogram<double>("nextgpt.tokens_per_second", "{token}/s", "Decode rate of one turn's reply.");
        _diffusionStepsPerSecond = _meter.CreateHistogram<double>("nextgpt.diffusion.steps_per_second", "{step}/s", "Denoising rate of one medium.");
        _batchSize = _meter.CreateHistogram<int>("nextgpt.decode.batch_size", "{sequence}", "Sequences decoded together in one LLM step.");
    }

    /// <summary>Reports the queue depth when observed (set by the worker).</summary>
    public void ObserveQueueDepth(Func<int> depth) =>
        _meter.CreateObservableGauge("nextgpt.queue.depth", depth, "{turn}", "Turns waiting for the model.");

    public void TurnEnded(string outcome) => _turns.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Error(ErrorCode code) => _errors.Add(1, new KeyValuePair<string, object?>("code", code.ToString()));

    public void Tokens(int count) => _tokens.Add(count);

    public void DiffusionStep(string medium) => _diffusionSteps.Add(1, new KeyValuePair<string, object?>("medium", medium));

    public void PreviewsReplaced(int count)
    {
        if (count > 0)
        {
            _replacedPreviews.Add(count);
        }
    }

    public void QueueWait(double milliseconds) => _queueWait.Record(milliseconds);

    public void TimeToFirstToken(double milliseconds) => _timeToFirstToken.Record(milliseconds);

    public void TimeToFirstPreview(double milliseconds) => _timeToFirstPreview.Record(milliseconds);

    public void TimeToFirstAudio(double milliseconds) => _timeToFirstAudio.Record(milliseconds);

    public void TokensPerSecond(double rate) => _tokensPerSecond.Record(rate);

    public void DiffusionStepsPerSecond(double rate, string medium) =>
        _diffusionStepsPerSecond.Record(rate, new KeyValuePair<string, object?>("medium", medium));

    public void BatchSize(int size) => _batchSize.Record(size);

    public void Dispose() => _meter.Dispose();
}
