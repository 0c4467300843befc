using System.Diagnostics;
using NextGpt.Realtime.Modeling.Turns;
using NextGpt.Realtime.Server.Sessions;

namespace NextGpt.Realtime.Server.Inference;

/// <summary>A checked turn waiting for, or running on, the inference thread; its events go to <see cref="Events"/>.</summary>
/// <param name="PlayerId">Who spoke (multiplayer attribution in the history).</param>
/// <param name="UserText">What they said, as sent (the model's input may carry the speaker's name).</param>
/// <param name="UploadIds">The inputs the turn read, recorded in the history as references.</param>
/// <param name="Lease">Held while the turn runs (the caller's concurrent-turn quota); released when it ends.</param>
public sealed record TurnJob(
    NpcSession Session,
    string TurnId,
    string PlayerId,
    string UserText,
    TurnInput Input,
    TurnSettings Settings,
    IReadOnlyList<string> UploadIds,
    TurnEventStream Events,
    CancellationToken Cancellation,
    IDisposable? Lease = null)
{
    public long EnqueuedAt { get; } = Stopwatch.GetTimestamp();
}
