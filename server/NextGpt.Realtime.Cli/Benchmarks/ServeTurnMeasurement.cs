namespace NextGpt.Realtime.Cli.Benchmarks;

/// <summary>
/// What one simulated player saw of one turn, in client milliseconds from the StartTurn call, with the server's own
/// per-stage timings from its TurnCompleted event.
/// </summary>
/// <param name="Kind">text, image or audio.</param>
/// <param name="FirstTokenMs">First text delta (null when the reply had no text).</param>
/// <param name="FirstPreviewMs">First image preview (image turns).</param>
/// <param name="FirstAudioMs">First audio chunk (audio turns).</param>
/// <param name="Events">Events the turn's stream carried.</param>
/// <param name="ServerTotalMs">The server's <c>total</c> stage: queue plus everything the inference worker did for the turn.</param>
/// <param name="ServerDecodeMs">The server's LLM decode time (<c>llm</c> minus <c>prefill</c>).</param>
/// <param name="Error">The TurnFailed code and message, or the exception, when the turn did not complete.</param>
public sealed record ServeTurnMeasurement(
    string Kind,
    double EndToEndMs,
    double? FirstTokenMs,
    double? FirstPreviewMs,
    double? FirstAudioMs,
    int Events,
    int GeneratedTokens,
    double ServerTotalMs,
    double ServerQueueMs,
    double ServerDecodeMs,
    string? Error = null)
{
    public bool Completed => Error is null;

    /// <summary>What the server adds per event beyond the model: the client's end-to-end time minus the server's reported
    /// total (queue and model work), spread over the turn's events (transport, MessagePack, hub and relay).</summary>
    public double OverheadPerEventMs => Events == 0 ? 0 : Math.Max(0, EndToEndMs - ServerTotalMs) / Events;

    /// <summary>Decode speed of this reply on the server, under whatever load the other players made.</summary>
    public double? TokensPerSecond => ServerDecodeMs > 0 && GeneratedTokens > 1 ? (GeneratedTokens - 1) / (ServerDecodeMs / 1000) : null;
}
