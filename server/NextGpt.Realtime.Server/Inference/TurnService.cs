using System.Threading.Channels;
using Microsoft.Extensions.Options;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Primitives;
using NextGpt.Realtime.Contracts.Turns;
using NextGpt.Realtime.Modeling.Sampling;
using NextGpt.Realtime.Modeling.Tokenization;
using NextGpt.Realtime.Modeling.Turns;
using NextGpt.Realtime.Server.Sessions;

namespace NextGpt.Realtime.Server.Inference;

/// <summary>
/// Checks a turn request, turns it and the session into the engine's input, and queues it on the inference worker. Every
/// refusal is an answer, not an exception: the turn's stream carries one <see cref="TurnFailed"/> with a code and a
/// message, so a bad request never disturbs the connection or another session.
/// </summary>
public sealed class TurnService(SessionStore sessions, InferenceWorker worker, IOptions<InferenceOptions> options)
{
    private const int RetryAfterMilliseconds = 1000;
    private readonly InferenceOptions _limits = options.Value;

    /// <summary>Starts a turn; its events, in order, are read from the returned channel.</summary>
    public (string TurnId, ChannelReader<TurnEvent> Events) Start(TurnRequest request)
    {
        var turnId = Guid.NewGuid().ToString("N");
        var channel = Channel.CreateBounded<TurnEvent>(new BoundedChannelOptions(_limits.EventBuffer)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var refusal = Validate(request, out var session);
        if (refusal is not null)
        {
            Refuse(channel, turnId, refusal.Value.Code, refusal.Value.Message);
            return (turnId, channel.Reader);
        }

        var input = new TurnInput(
            request.Text,
            session!.PersonaLine,
            session.History(),
            Allowed: Media(request.AllowedOutputs.Length > 0 ? request.AllowedOutputs : session.Settings.AllowedOutputs),
            Required: Media(request.RequiredOutputs) ?? new HashSet<SignalModality>());
        var job = new TurnJob(session, turnId, input, Settings(session), channel.Writer, session.Begin(turnId));
        if (!worker.TryEnqueue(job))
        {
            session.Complete(turnId, request.Text, "");
            Refuse(channel, turnId, ErrorCode.Busy, $"The server is busy ({worker.QueueDepth} turns waiting); try again shortly.", RetryAfterMilliseconds);
        }

        return (turnId, channel.Reader);
    }

    private (ErrorCode Code, string Message)? Validate(TurnRequest request, out NpcSession? session)
    {
        session = sessions.Find(request.SessionId ?? "");
        if (session is null)
        {
            return (ErrorCode.NotFound, $"There is no session '{request.SessionId}'; create one first.");
        }

        if (string.IsNullOrWhiteSpace(request.Text))
        {
            return (ErrorCode.InvalidArgument, "A turn needs some text.");
        }

        if (request.Text.Length > _limits.MaxTextLength)
        {
            return (ErrorCode.TooLarge, $"The text has {request.Text.Length} characters; at most {_limits.MaxTextLength} are allowed.");
        }

        if ((request.UploadIds ?? []).Length > 0)
        {
            return (ErrorCode.InvalidArgument, "The served model has no input encoders, so it cannot read uploaded media yet.");
        }

        return null;
    }

    private TurnSettings Settings(NpcSession session)
    {
        var settings = session.Settings;
        return new TurnSettings
        {
            MaxNewTokens = Clamp(settings.MaxTokens, 64, _limits.MaxNewTokens),
            // Unset temperature: legacy inference.py's 0.4 (architecture notes section 5.2).
            Sampling = new SamplingOptions(Temperature: settings.Temperature > 0 ? settings.Temperature : 0.4, Seed: settings.Seed ?? 0),
            ImageSize = Clamp(settings.ImageWidth, 64, _limits.MaxImageSize),
            DiffusionSteps = Clamp(settings.DiffusionSteps, 20, _limits.MaxDiffusionSteps),
            GuidanceScale = settings.GuidanceScale > 0 ? settings.GuidanceScale : 7.5,
            Seed = settings.Seed ?? Random.Shared.NextInt64(0, int.MaxValue),
        };
    }

    private static int Clamp(int requested, int fallback, int maximum) => Math.Min(requested > 0 ? requested : fallback, maximum);

    private static HashSet<SignalModality>? Media(Modality[]? modalities) =>
        modalities is { Length: > 0 }
            ? modalities.Select(TurnEventWriter.FromWire).OfType<SignalModality>().ToHashSet()
            : null;

    private static void Refuse(Channel<TurnEvent> channel, string turnId, ErrorCode code, string message, int retryAfter = 0)
    {
        channel.Writer.TryWrite(new TurnFailed { TurnId = turnId, Code = code, Message = message, RetryAfterMilliseconds = retryAfter });
        channel.Writer.TryComplete();
    }
}
