using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Primitives;
using NextGpt.Realtime.Modeling.Turns;

namespace NextGpt.Realtime.Server.Inference;

/// <summary>
/// The one owner of the model: a dedicated thread (TorchSharp dispose scopes are per thread and do not survive an await)
/// that takes turns from a bounded queue in arrival order and runs each through <see cref="NextGptTurnEngine"/>. A full
/// queue refuses at once (Busy, with a retry hint); nothing waits unboundedly. Stopping the host cancels the running turn
/// and fails the queued ones cleanly.
/// </summary>
public sealed class InferenceWorker : IHostedService, IDisposable
{
    private readonly Channel<TurnJob> _queue;
    private readonly Func<NextGptModel> _modelFactory;
    private readonly ILogger<InferenceWorker> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Thread? _thread;

    public InferenceWorker(IOptions<InferenceOptions> options, Func<NextGptModel> modelFactory, ILogger<InferenceWorker> logger)
    {
        _queue = Channel.CreateBounded<TurnJob>(new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _modelFactory = modelFactory;
        _logger = logger;
    }

    /// <summary>Turns waiting for the model.</summary>
    public int QueueDepth => _queue.Reader.Count;

    /// <summary>Completes once the model is loaded (or failed to load).</summary>
    public Task Ready => _ready.Task;

    /// <summary>Queues a turn; false when the queue is full (answer Busy).</summary>
    public bool TryEnqueue(TurnJob job) => _queue.Writer.TryWrite(job);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "nextgpt-inference" };
        _thread.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        _stopping.Cancel();
        _thread?.Join(TimeSpan.FromSeconds(10));
        return Task.CompletedTask;
    }

    public void Dispose() => _stopping.Dispose();

    private void Run()
    {
        NextGptTurnEngine engine;
        try
        {
            engine = new NextGptTurnEngine(_modelFactory());
            _ready.TrySetResult();
        }
        catch (Exception error)
        {
            _logger.LogCritical(error, "The model could not be loaded; every turn will fail.");
            _ready.TrySetException(error);
            FailAll(ErrorCode.Internal, $"The model could not be loaded: {error.Message}");
            return;
        }

        while (WaitForJob() is { } job)
        {
            RunTurn(engine, job);
        }

        FailAll(ErrorCode.Cancelled, "The server is shutting down.");
    }

    private TurnJob? WaitForJob()
    {
        try
        {
            while (_queue.Reader.WaitToReadAsync(_stopping.Token).AsTask().GetAwaiter().GetResult())
            {
                if (_queue.Reader.TryRead(out var job))
                {
                    return job;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }

        return null;
    }

    private void RunTurn(NextGptTurnEngine engine, TurnJob job)
    {
        var writer = new TurnEventWriter(job.TurnId, job.Events);
        var queued = Stopwatch.GetElapsedTime(job.EnqueuedAt);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(job.Cancellation, _stopping.Token);
        var reply = "";
        try
        {
            writer.Write(new TurnStarted { SessionId = job.Session.Id, QueueMilliseconds = queued.TotalMilliseconds });
            var result = engine.Run(job.Input, job.Settings, writer, linked.Token);
            reply = result.ReplyText;
            writer.Write(new TurnCompleted
            {
                Text = result.ReplyText,
                PromptTokens = result.PromptTokens,
                GeneratedTokens = result.GeneratedTokens,
                StageMilliseconds = new Dictionary<string, double>
                {
                    ["queue"] = queued.TotalMilliseconds,
                    ["first_token"] = result.TimeToFirstToken.TotalMilliseconds,
                    ["llm"] = result.LanguageModelTime.TotalMilliseconds,
                    ["decoders"] = result.DecoderTime.TotalMilliseconds,
                },
            });
        }
        catch (OperationCanceledException)
        {
            TryWrite(writer, new TurnCompleted { Cancelled = true });
        }
        catch (ClientTooSlowException error)
        {
            _logger.LogWarning("Turn {TurnId}: {Reason}", job.TurnId, error.Message);
        }
        catch (ArgumentException error)
        {
            TryWrite(writer, new TurnFailed { Code = ErrorCode.InvalidArgument, Message = error.Message });
        }
        catch (Exception error)
        {
            _logger.LogError(error, "Turn {TurnId} failed.", job.TurnId);
            TryWrite(writer, new TurnFailed { Code = ErrorCode.Internal, Message = "The turn failed inside the model; see the server log." });
        }
        finally
        {
            job.Session.Complete(job.TurnId, job.Input.UserText, reply);
            job.Events.TryComplete();
        }
    }

    private void FailAll(ErrorCode code, string message)
    {
        while (_queue.Reader.TryRead(out var job))
        {
            var writer = new TurnEventWriter(job.TurnId, job.Events);
            TryWrite(writer, new TurnFailed { Code = code, Message = message });
            job.Events.TryComplete();
        }
    }

    private static void TryWrite(TurnEventWriter writer, TurnEvent turnEvent)
    {
        try
        {
            writer.Write(turnEvent);
        }
        catch (ClientTooSlowException)
        {
            // The client is gone or stalled; the turn ends either way.
        }
    }
}
