using System.Diagnostics;
using System.Threading.Channels;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Modeling.Turns;
using NextGpt.Realtime.Server.Sessions;
using NextGpt.Realtime.Server.Uploads;

namespace NextGpt.Realtime.Server.Inference;

/// <summary>A turn waiting for, or running on, the inference thread; its events go to <see cref="Events"/>. Its uploads
/// are encoded on the inference thread, just before the turn runs.</summary>
public sealed record TurnJob(
    NpcSession Session,
    string TurnId,
    TurnInput Input,
    TurnSettings Settings,
    ChannelWriter<TurnEvent> Events,
    CancellationToken Cancellation,
    IReadOnlyList<StoredUpload> Uploads)
{
    public long EnqueuedAt { get; } = Stopwatch.GetTimestamp();
}
