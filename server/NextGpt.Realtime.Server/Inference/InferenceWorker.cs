using Microsoft.Extensions.Options;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Primitives;
using NextGpt.Realtime.Modeling.Generation;
using NextGpt.Realtime.Modeling.Prompting;
using NextGpt.Realtime.Modeling.Tokenization;
using NextGpt.Realtime.Modeling.Turns;
using NextGpt.Realtime.Server.Observability;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Server.Inference;

/// <summary>
/// The one owner of the model: a dedicated thread (TorchSharp dispose scopes are per thread and do not survive an await)
/// that schedules every turn's work in small steps. Each pass it drops cancelled turns, admits queued turns (fair across
/// sessions, <see cref="FairTurnQueue"/>) by prefilling them into one <see cref="BatchedDecoder"/>, and then either
/// renders the oldest waiting medium or runs one batched LLM step for every reply. While a medium renders, every
/// denoising step is followed by one batched LLM step, so concurrent replies keep streaming text and a reply's own text
/// continues after its signal run (issue 7, pipelining); cancellation is seen within one step. A full queue refuses at
/// once (Busy, retry hint). Stopping the host lets running turns finish for a grace period, then cancels them cleanly.
/// </summary>
public sealed class InferenceWorker : IHostedService, IDisposable
{
    private const string TurnEnd = "###";

    private readonly InferenceOptions _options;
    private readonly FairTurnQueue _queue;
    private readonly Func<NextGptModel> _modelFactory;
    private readonly ServerMetrics _metrics;
    private readonly ILogger<InferenceWorker> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Inference-thread state.
    private readonly List<ActiveTurn> _active = [];
    private readonly Dictionary<DecodingSequence, ActiveTurn> _decoding = [];
    private readonly Queue<MediaJob> _media = new();
    private NextGptModel _model = null!;
    private BatchedDecoder _decoder = null!;
    private MediaRenderer _renderer = null!;

    private Thread? _thread;
    private volatile int _activeCount;
    private volatile bool _draining;
    private int _disposed;

    public InferenceWorker(IOptions<InferenceOptions> options, Func<NextGptModel> modelFactory, ServerMetrics metrics,
        ILogger<InferenceWorker> logger)
    {
        _options = options.Value;
        _queue = new FairTurnQueue(_options.QueueCapacity);
        _modelFactory = modelFactory;
        _metrics = metrics;
        _logger = logger;
        metrics.ObserveQueueDepth(() => _queue.Count);
    }

    /// <summary>Turns waiting for the model.</summary>
    public int QueueDepth => _queue.Count;

    /// <summary>Turns the model is working on.</summary>
    public int ActiveTurns => _activeCount;

    /// <summary>Completes once the model is loaded (or failed to load).</summary>
    public Task Ready => _ready.Task;

    /// <summary>The media the loaded model can produce (empty until it is loaded).</summary>
    public IReadOnlySet<SignalModality> ProducibleMedia { get; private set; } = new HashSet<SignalModality>();

    /// <summary>True when the loaded model has input encoders, so turns may carry uploads.</summary>
    public bool ReadsMedia => _model?.Encoder is not null;

    /// <summary>The generation settings the served model was trained for (its native image size, clip and sound length,
    /// steps and guidance); null when its folder names none or no model is loaded yet.</summary>
    public TurnSettings? ModelDefaults => _model?.Defaults;

    /// <summary>The device the model runs on.</summary>
    public string Device { get; private set; } = "";

    /// <summary>Queues a turn; false when the queue is full or the server is stopping (answer Busy).</summary>
    public bool TryEnqueue(TurnJob job) => !_draining && _queue.TryEnqueue(job);

    /// <summary>Wakes the inference thread so it sees a cancellation at once even when idle.</summary>
    public void Wake() => _queue.Wake();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "nextgpt-inference" };
        _thread.Start();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        var grace = DateTime.UtcNow.AddSeconds(_options.ShutdownGraceSeconds);
        while ((_activeCount > 0 || _queue.Count > 0) && DateTime.UtcNow < grace && !cancellationToken.IsCancellationRequested
               && _thread is { IsAlive: true })
        {
            await Task.Delay(50, CancellationToken.None);
        }

        await _stopping.CancelAsync();
        _queue.Wake();
        _thread?.Join(TimeSpan.FromSeconds(10));
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // The host normally stops the worker first; a host torn down without StopAsync still ends the thread cleanly.
        // The token source is left undisposed: a late StopAsync or the inference thread may still read it while the host
        // tears down, and disposing it under them turned teardown into ObjectDisposedException.
        _stopping.Cancel();
        _queue.Wake();
        _thread?.Join(TimeSpan.FromSeconds(10));
    }

    private void Run()
    {
        try
        {
            _model = _modelFactory();
            _decoder = new BatchedDecoder(_model.Llm);
            _renderer = new MediaRenderer(_model, _metrics);
            ProducibleMedia = _model.ProducibleMedia;
            Device = _model.Llm.Device.ToString();
            _ready.TrySetResult();
        }
        catch (Exception error)
        {
            _logger.LogCritical(error, "The model could not be loaded; every turn will fail.");
            _ready.TrySetException(error);
            FailQueued(ErrorCode.Internal, $"The model could not be loaded: {error.Message}", 0);
            return;
        }

        try
        {
            Serve();
        }
        catch (Exception error)
        {
            // Every turn's failure is caught where it happens; reaching here is a bug, and the process must not die of it.
            _logger.LogCritical(error, "The inference loop stopped unexpectedly; turns are failed.");
            foreach (var turn in _active.ToList())
            {
                Fail(turn, ErrorCode.Internal, "The inference loop stopped; see the server log.");
            }
        }
        finally
        {
            FailQueued(ErrorCode.Busy, "The server is shutting down; retry, possibly on another node.", _options.BusyRetryAfterMilliseconds);
            _decoder.Dispose();
        }
    }

    private void Serve()
    {
        var stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            DropCancelled();
            Admit();
            if (_media.TryDequeue(out var job))
            {
                RenderMedia(job);
            }
            else if (_decoding.Count > 0)
            {
                DecodeStep();
            }
            else
            {
                _queue.Wait(TimeSpan.FromMilliseconds(250), stopping);
            }
        }

        foreach (var turn in _active.ToList())
        {
            Fail(turn, ErrorCode.Cancelled, "The server is shutting down; the turn was stopped.");
        }

        while (_media.TryDequeue(out var left))
        {
            left.Dispose();
        }
    }

    /// <summary>What a medium's decoder does between its denoising steps: keep the replies going.</summary>
    private void BetweenDenoisingSteps()
    {
        DropCancelled();
        Admit();
        if (_decoding.Count > 0)
        {
            DecodeStep();
        }
    }

    // The turn's uploads through ImageBind, here on the model's thread (architecture notes section 1).
    private List<InputEmbedding> Encode(TurnJob job)
    {
        if (job.UploadIds.Count == 0)
        {
            return [];
        }

        var encoder = _model.Encoder ?? throw new ArgumentException("The served model has no input encoders, so it cannot read uploaded media.");
        return job.UploadIds
            .Select(id => job.Session.Uploads.Find(id) ?? throw new ArgumentException($"Upload '{id}' expired before its turn ran."))
            .Select(m => m.Image is { } image ? encoder.EncodeImage(image)
                : m.Audio is { } audio ? encoder.EncodeAudio(audio)
                : throw new ArgumentException($"Upload '{m.UploadId}' is a {m.Modality}, which the encoder does not read."))
            .ToList();
    }

    private void DropCancelled()
    {
        foreach (var turn in _active.Where(t => t.IsCancelled).ToList())
        {
            Cancel(turn);
        }
    }

    private void Admit()
    {
        while (_decoding.Count < _options.MaxBatchSize && _active.Count < _options.MaxActiveTurns && !_stopping.IsCancellationRequested
               && _queue.TryDequeue(out var job))
        {
            Start(job);
        }
    }

    private void Start(TurnJob job)
    {
        var allowed = (job.Input.Allowed ?? ProducibleMedia).Where(ProducibleMedia.Contains).ToHashSet();
        var turn = new ActiveTurn(job, _model.Tokenizer.Signals, allowed);
        _metrics.QueueWait(turn.QueueMilliseconds);
        _active.Add(turn);
        _activeCount = _active.Count;
        if (turn.IsCancelled)
        {
            Cancel(turn);
            return;
        }

        try
        {
            turn.Write(new TurnStarted { SessionId = job.Session.Id, QueueMilliseconds = turn.QueueMilliseconds });
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var prompt = TurnPrompt.Assemble(_model, job.Input with { Media = Encode(job) });
            turn.PromptTokens = prompt.Length;
            var positions = _model.Llm.Config.MaxPositionEmbeddings;
            if (prompt.Length + job.Settings.MaxNewTokens > positions)
            {
                Fail(turn, ErrorCode.TooLarge, $"The prompt ({prompt.Length} tokens with the persona and history) plus " +
                    $"{job.Settings.MaxNewTokens} new tokens exceeds the model's {positions} positions; shorten the text or the settings.");
                return;
            }

            var sequence = _decoder.AddEmbeddings(prompt.InputsEmbeds, Options(job, allowed),
                [.. prompt.TokenIds.Where(id => id >= 0)], _model.Tokenizer);
            turn.Stages["prefill"] = turn.Clock.Elapsed.TotalMilliseconds;
            if (sequence.IsFinished)
            {
                turn.LanguageModelDone = true;
                TryFinish(turn);
                return;
            }

            turn.Sequence = sequence;
            _decoding[sequence] = turn;
        }
        catch (Exception error)
        {
            Fail(turn, error);
        }
    }

    private GenerationOptions Options(TurnJob job, IReadOnlySet<SignalModality> allowed)
    {
        var signals = _model.Tokenizer.Signals;
        long[] Run(SignalModality m) => [.. signals.For(m).Select(id => (long)id)];
        return new GenerationOptions(
            job.Settings.MaxNewTokens,
            new HashSet<long> { _model.Tokenizer.SpecialIds.Eos },
            job.Settings.Sampling,
            StopStrings: [TurnEnd],
            ForcedRuns: [.. allowed.Select(Run)],
            RequiredRuns: [.. (job.Input.Required ?? new HashSet<SignalModality>()).Where(allowed.Contains).Select(Run)]);
    }

    private void DecodeStep()
    {
        IReadOnlyList<(DecodingSequence Sequence, GeneratedToken Token)> step;
        _metrics.BatchSize(_decoding.Count);
        try
        {
            step = _decoder.Step();
        }
        catch (Exception error)
        {
            // A failed step leaves the batch cache in an unknown state: fail the replies in it and start a fresh batch.
            _logger.LogError(error, "A batched decode step failed; {Count} turns are failed.", _decoding.Count);
            var failed = _decoding.Values.ToList();
            _decoding.Clear();
            _decoder.Dispose();
            _decoder = new BatchedDecoder(_model.Llm);
            foreach (var turn in failed)
            {
                turn.Sequence = null;
                Fail(turn, ErrorCode.Internal, "The model failed while decoding; see the server log.");
            }

            return;
        }

        _metrics.Tokens(step.Count);
        foreach (var (sequence, token) in step)
        {
            var turn = _decoding[sequence];
            if (token.Finish is not null)
            {
                _decoding.Remove(sequence);
                turn.Sequence = null;
            }

            if (turn.Ended)
            {
                continue;
            }

            try
            {
                if (turn.Accept(token) is { } run)
                {
                    QueueMedia(turn, run);
                }

                if (turn.LanguageModelDone)
                {
                    _metrics.TokensPerSecond(turn.GeneratedTokens / Math.Max(1e-3, (turn.Stages["llm"] - turn.Stages["prefill"]) / 1000));
                    TryFinish(turn);
                }
            }
            catch (Exception error)
            {
                Fail(turn, error);
            }
        }
    }

    // The run's hidden states and input embeddings go through the medium's output projector now (cheap); the decoder
    // itself waits its turn in the media queue.
    private void QueueMedia(ActiveTurn turn, CompletedSignalRun run)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var projector = _model.OutputProjectors[run.Modality];
        var weight = projector.parameters().First();
        var hidden = stack([.. run.HiddenStates.Select(h => tensor(h))]);                          // (N, hidden)
        var span = new SignalTokenGatherer(_model.Tokenizer.Signals, _model.Llm.Model.Embed).Gather(run.Ids, hidden)[0];
        var conditioning = projector.forward(span.HiddenStates.to(weight.dtype, weight.device),
            span.InputEmbeds.to(weight.dtype, weight.device));                                      // (1, N_out, D_out)
        var partId = turn.NextPart(run.Modality);
        turn.MediaPending++;
        _media.Enqueue(new MediaJob(turn, partId, run.Modality, conditioning.DetachFromDisposeScope(),
            turn.Job.Settings.Seed + partId - 1));
    }

    private void RenderMedia(MediaJob job)
    {
        var turn = job.Turn;
        using (job)
        {
            if (turn.Ended)
            {
                return;
            }

            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(turn.Job.Cancellation, _stopping.Token);
            try
            {
                _renderer.Render(job, BetweenDenoisingSteps, cancel.Token);
                turn.MediaPending--;
                TryFinish(turn);
            }
            catch (Exception error)
            {
                turn.MediaPending--;
                Fail(turn, error);
            }
        }
    }

    private void TryFinish(ActiveTurn turn)
    {
        if (turn.Ended || !turn.LanguageModelDone || turn.MediaPending > 0)
        {
            return;
        }

        End(turn, new TurnCompleted
        {
            Text = turn.ReplyText,
            PromptTokens = turn.PromptTokens,
            GeneratedTokens = turn.GeneratedTokens,
            StageMilliseconds = Stages(turn),
        }, "completed");
    }

    private void Cancel(ActiveTurn turn) => End(turn, new TurnCompleted
    {
        Text = turn.ReplyText,
        PromptTokens = turn.PromptTokens,
        GeneratedTokens = turn.GeneratedTokens,
        StageMilliseconds = Stages(turn),
        Cancelled = true,
    }, "cancelled");

    private void Fail(ActiveTurn turn, Exception error)
    {
        switch (error)
        {
            case OperationCanceledException:
                Cancel(turn);
                break;
            case ClientTooSlowException:
                _logger.LogWarning("Turn {TurnId}: {Reason}", turn.Job.TurnId, error.Message);
                Fail(turn, ErrorCode.TooSlow, error.Message);
                break;
            case ArgumentException or NotSupportedException:
                Fail(turn, ErrorCode.InvalidArgument, error.Message);
                break;
            default:
                _logger.LogError(error, "Turn {TurnId} failed.", turn.Job.TurnId);
                Fail(turn, ErrorCode.Internal, "The turn failed inside the model; see the server log.");
                break;
        }
    }

    private void Fail(ActiveTurn turn, ErrorCode code, string message)
    {
        _metrics.Error(code);
        End(turn, new TurnFailed { Code = code, Message = message }, "failed");
    }

    private void End(ActiveTurn turn, TurnEvent final, string outcome)
    {
        if (turn.Ended)
        {
            return;
        }

        if (turn.Sequence is { } sequence)
        {
            _decoding.Remove(sequence);
            _decoder.Remove(sequence);
            turn.Sequence = null;
        }

        turn.End(final);
        _active.Remove(turn);
        _activeCount = _active.Count;
        _metrics.TurnEnded(outcome);
        _metrics.PreviewsReplaced(turn.Job.Events.ReplacedPreviews);
        if (turn.Stages.TryGetValue("first_token", out var firstToken))
        {
            _metrics.TimeToFirstToken(firstToken);
        }
    }

    private static Dictionary<string, double> Stages(ActiveTurn turn) => new(turn.Stages)
    {
        ["queue"] = turn.QueueMilliseconds,
        ["total"] = turn.QueueMilliseconds + turn.Clock.Elapsed.TotalMilliseconds,
    };

    private void FailQueued(ErrorCode code, string message, int retryAfter)
    {
        foreach (var job in _queue.Drain())
        {
            job.Events.WriteFinal(new TurnFailed { Code = code, Message = message, RetryAfterMilliseconds = retryAfter });
            job.Session.Abandon(job.TurnId);
            job.Lease?.Dispose();
        }
    }
}
