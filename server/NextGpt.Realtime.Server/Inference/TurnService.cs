using Microsoft.Extensions.Options;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Primitives;
using NextGpt.Realtime.Contracts.Turns;
using NextGpt.Realtime.Modeling.Sampling;
using NextGpt.Realtime.Modeling.Tokenization;
using NextGpt.Realtime.Modeling.Turns;
using NextGpt.Realtime.Server.Observability;
using NextGpt.Realtime.Server.Security;
using NextGpt.Realtime.Server.Sessions;

namespace NextGpt.Realtime.Server.Inference;

/// <summary>
/// Checks a turn request, turns it and the session into the model's input, takes the caller's quota, and queues it on the
/// inference worker. Every refusal is an answer, not an exception: the turn's stream carries one <see cref="TurnFailed"/>
/// with a code, a message and, for Busy and RateLimited, a retry hint, so a bad request never disturbs the connection or
/// another session.
/// </summary>
public sealed class TurnService(SessionStore sessions, InferenceWorker worker, CallerQuotas quotas, ServerMetrics metrics,
    IOptions<InferenceOptions> options)
{
    private readonly InferenceOptions _limits = options.Value;

    /// <summary>Starts a turn for <paramref name="caller"/>; its events, in order, are read from the returned stream.</summary>
    public TurnEventStream Start(TurnRequest? request, string caller)
    {
        var stream = new TurnEventStream(Guid.NewGuid().ToString("N"), _limits.EventBuffer);
        if (request is null)
        {
            return Refuse(stream, new TurnRefusal(ErrorCode.InvalidArgument, "The turn request is missing."));
        }

        if (Validate(request, out var session) is { } refusal)
        {
            return Refuse(stream, refusal);
        }

        if (quotas.TryAcquireTurn(caller, out var lease) is { } limited)
        {
            return Refuse(stream, limited);
        }

        var playerId = request.PlayerId ?? "";
        var history = session!.PromptHistory();
        var input = new TurnInput(
            session.Attributed(playerId, request.Text),
            session.PersonaLine,
            history.Skip(Math.Max(0, history.Count - _limits.MaxHistoryTurns)).ToList(),
            Allowed: Allowed(session.Settings.AllowedOutputs, request.AllowedOutputs),
            Required: Media(request.RequiredOutputs));
        var job = new TurnJob(session, stream.TurnId, playerId, request.Text, input, Settings(session), request.UploadIds ?? [], stream,
            sessions.BeginTurn(session, stream.TurnId), lease);
        if (!worker.TryEnqueue(job))
        {
            session.Abandon(stream.TurnId);
            lease!.Dispose();
            return Refuse(stream, new TurnRefusal(ErrorCode.Busy,
                $"The server is busy ({worker.QueueDepth} turns waiting); try again shortly.", _limits.BusyRetryAfterMilliseconds));
        }

        return stream;
    }

    private TurnRefusal? Validate(TurnRequest request, out NpcSession? found)
    {
        found = sessions.Find(request.SessionId);
        if (found is not { } session)
        {
            return new TurnRefusal(ErrorCode.NotFound, $"There is no session '{request.SessionId}'; create one first.");
        }

        if (worker.Ready.IsFaulted)
        {
            return new TurnRefusal(ErrorCode.Internal, "The model failed to load; see the server log.");
        }

        var uploads = request.UploadIds ?? [];
        // A voice turn may be the upload alone (what the client's voice channel sends): then the text may be empty.
        if (string.IsNullOrWhiteSpace(request.Text) && uploads.Length == 0)
        {
            return new TurnRefusal(ErrorCode.InvalidArgument, "A turn needs some text or at least one upload.");
        }

        request.Text ??= "";
        if (request.Text.Length > _limits.MaxTextLength)
        {
            return new TurnRefusal(ErrorCode.TooLarge, $"The text has {request.Text.Length} characters; at most {_limits.MaxTextLength} are allowed.");
        }

        if ((request.PlayerId ?? "").Length > InputLimits.MaxIdLength)
        {
            return new TurnRefusal(ErrorCode.InvalidArgument, $"A player id has at most {InputLimits.MaxIdLength} characters.");
        }

        if (uploads.FirstOrDefault(id => session.Uploads.Find(id) is null) is { } missing)
        {
            return new TurnRefusal(ErrorCode.NotFound, $"There is no upload '{missing}' in this session (uploads expire after {UploadStore.MaxUploads} newer ones).");
        }

        if (uploads.Length > 0 && !worker.ReadsMedia)
        {
            return new TurnRefusal(ErrorCode.InvalidArgument, "The served model has no input encoders, so it cannot read uploaded media yet.");
        }

        if (Enumerable.Concat(request.AllowedOutputs ?? [], request.RequiredOutputs ?? []).FirstOrDefault(m => !Enum.IsDefined(m)) is var bad
            && !Enum.IsDefined(bad))
        {
            return new TurnRefusal(ErrorCode.InvalidArgument, $"Unknown modality {(int)bad}; use text 0, image 1, audio 2, video 3.");
        }

        var allowed = Allowed(session.Settings.AllowedOutputs, request.AllowedOutputs) ?? worker.ProducibleMedia;
        var impossible = (Media(request.RequiredOutputs) ?? []).Where(m => !allowed.Contains(m) || (worker.Ready.IsCompletedSuccessfully && !worker.ProducibleMedia.Contains(m))).ToList();
        if (impossible.Count > 0)
        {
            return new TurnRefusal(ErrorCode.InvalidArgument,
                $"{string.Join(", ", impossible)} output is required, but the session does not allow it or the served model cannot produce it.");
        }

        return null;
    }

    // Unset session settings fall back to the served model's own defaults (its manifest's turn_defaults: the tiny model
    // draws 64 x 64 images, 2 s sounds, 8-frame clips), else to small realtime sizes with NExT-GPT's guidance.
    private TurnSettings Settings(NpcSession session)
    {
        var settings = session.Settings;
        var defaults = worker.ModelDefaults;
        var fallback = new TurnSettings();
        return new TurnSettings
        {
            MaxNewTokens = Clamp(settings.MaxTokens, 64, _limits.MaxNewTokens),
            // Unset temperature: legacy inference.py's 0.4 (architecture notes section 5.2).
            Sampling = new SamplingOptions(Temperature: settings.Temperature > 0 ? settings.Temperature : 0.4, Seed: settings.Seed ?? Random.Shared.NextInt64(0, int.MaxValue)),
            ImageSize = Clamp(settings.ImageWidth, defaults?.ImageSize ?? 64, _limits.MaxImageSize),
            DiffusionSteps = Clamp(settings.DiffusionSteps, defaults?.DiffusionSteps ?? 20, _limits.MaxDiffusionSteps),
            VideoFrames = Clamp(settings.VideoFrames, (defaults ?? fallback).VideoFrames, _limits.MaxVideoFrames),
            AudioSeconds = (defaults ?? fallback).AudioSeconds,
            GuidanceScale = settings.GuidanceScale > 0 ? settings.GuidanceScale : (defaults ?? fallback).GuidanceScale,
            PreviewEvery = 2,
            Seed = settings.Seed ?? Random.Shared.NextInt64(0, int.MaxValue),
        };
    }

    private static int Clamp(int requested, int fallback, int maximum) => Math.Min(requested > 0 ? requested : fallback, maximum);

    // The session's allowed media, narrowed further by the request; null: whatever the model can produce.
    private static HashSet<SignalModality>? Allowed(Modality[]? session, Modality[]? request)
    {
        var fromSession = Media(session);
        var fromRequest = Media(request);
        return fromSession is null ? fromRequest
            : fromRequest is null ? fromSession
            : [.. fromSession.Intersect(fromRequest)];
    }

    private static HashSet<SignalModality>? Media(Modality[]? modalities) =>
        modalities is { Length: > 0 } ? [.. modalities.Select(ActiveTurn.FromWire).OfType<SignalModality>()] : null;

    private TurnEventStream Refuse(TurnEventStream stream, TurnRefusal refusal)
    {
        metrics.Error(refusal.Code);
        metrics.TurnEnded("refused");
        stream.WriteFinal(new TurnFailed { Code = refusal.Code, Message = refusal.Message, RetryAfterMilliseconds = refusal.RetryAfterMilliseconds });
        return stream;
    }
}
