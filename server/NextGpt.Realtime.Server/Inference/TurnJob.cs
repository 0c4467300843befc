using System.Diagnostics;
using System.Threading.Channels;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Modeling.Turns;
using NextGpt.Realtime.Server.Sessions;

namespace NextGpt.Realtime.Server.Inference;

/// <summary>A turn waiting for, or running on, the inference thread; its events go to <see cref="Events"/>.</summary>
public sealed record TurnJob(
    NpcSession Session,
    string TurnId,
    TurnInput Input,
    TurnSettings Settings,
    ChannelWriter<TurnEvent> Events,
    CancellationToken Cancellation)
{
    public long EnqueuedAt { get; } = Stopwatch.GetTimestamp();
}
