using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using NextGpt.Realtime.Modeling.LanguageModel;

namespace NextGpt.Realtime.Modeling.Generation;

/// <summary>
/// Serves concurrent replies from one model as asynchronous token streams, decoding them together: a dedicated
/// inference thread owns a <see cref="BatchedDecoder"/>, requests join it between steps (up to a batch limit; the rest
/// wait their turn) and leave when they finish or their caller cancels. TorchSharp dispose scopes are per thread and do
/// not survive an await, so every tensor operation happens on that thread; callers only read a channel.
/// </summary>
public sealed class BatchedGenerator : IDisposable
{
    private readonly LlamaForCausalLM _model;
    private readonly int _maxBatchSize;
    private readonly ConcurrentQueue<Job> _joining = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Thread _thread;
    private volatile bool _disposed;

    /// <param name="maxBatchSize">Most sequences decoded in one step; later requests wait until one finishes.</param>
    public BatchedGenerator(LlamaForCausalLM model, int maxBatchSize = 8)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBatchSize);
        _model = model;
        _maxBatchSize = maxBatchSize;
        _thread = new Thread(Run) { IsBackground = true, Name = "nextgpt-decoder" };
        _thread.Start();
    }

    /// <summary>
    /// Streams one reply's tokens as they are generated. Cancelling <paramref name="cancellationToken"/> (or leaving the
    /// loop early) takes the reply out of the batch before the next step; the enumeration then throws
    /// <see cref="OperationCanceledException"/>.
    /// </summary>
    public async IAsyncEnumerable<GeneratedToken> GenerateAsync(GenerationRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var channel = Channel.CreateUnbounded<GeneratedToken>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var job = new Job(request, channel.Writer);
        _joining.Enqueue(job);
        _wake.Release();
        if (_disposed)
        {
            // Disposed while enqueuing: the inference thread may already have drained the queue for the last time.
            channel.Writer.TryComplete(new ObjectDisposedException(nameof(BatchedGenerator)));
        }

        try
        {
            await foreach (var token in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                // Tokens already buffered are not delivered after a cancellation (ReadAllAsync only checks while waiting).
                cancellationToken.ThrowIfCancellationRequested();
                yield return token;
            }
        }
        finally
        {
            // Finished, cancelled or abandoned: in the last two cases the inference thread drops the sequence.
            job.Abandon();
            _wake.Release();
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        // The semaphore is not disposed: a caller's stream may still signal it while finishing; it holds no handle.
        _disposed = true;
        _wake.Release();
        _thread.Join();
    }

    private void Run()
    {
        var decoder = new BatchedDecoder(_model);
        var active = new Dictionary<DecodingSequence, Job>();
        try
        {
            while (!_disposed)
            {
                DropAbandoned(decoder, active);
                Admit(decoder, active);
                if (active.Count == 0)
                {
                    _wake.Wait();
                    continue;
                }

                IReadOnlyList<(DecodingSequence Sequence, GeneratedToken Token)> step;
                try
                {
                    step = decoder.Step();
                }
                catch (Exception ex)
                {
                    // A failed step leaves the batch cache in an unknown state: fail every reply in it and start afresh.
                    foreach (var job in active.Values)
                    {
                        job.Writer.TryComplete(ex);
                    }

                    active.Clear();
                    decoder.Dispose();
                    decoder = new BatchedDecoder(_model);
                    continue;
                }

                foreach (var (sequence, token) in step)
                {
                    var job = active[sequence];
                    job.Writer.TryWrite(token);
                    if (token.Finish is not null)
                    {
                        job.Writer.TryComplete();
                        active.Remove(sequence);
                    }
                }
            }
        }
        finally
        {
            var closed = new ObjectDisposedException(nameof(BatchedGenerator));
            foreach (var job in active.Values.Concat(_joining))
            {
                job.Request.PromptEmbeds?.Dispose();
                job.Writer.TryComplete(closed);
            }

            decoder.Dispose();
        }
    }

    private static void DropAbandoned(BatchedDecoder decoder, Dictionary<DecodingSequence, Job> active)
    {
        foreach (var (sequence, job) in active.Where(pair => pair.Value.IsAbandoned).ToList())
        {
            decoder.Remove(sequence);
            active.Remove(sequence);
            job.Writer.TryComplete(new OperationCanceledException("The caller cancelled the reply."));
        }
    }

    private void Admit(BatchedDecoder decoder, Dictionary<DecodingSequence, Job> active)
    {
        while (active.Count < _maxBatchSize && _joining.TryDequeue(out var job))
        {
            var request = job.Request;
            try
            {
                if (job.IsAbandoned)
                {
                    continue;
                }

                var sequence = request.PromptEmbeds is { } embeds
                    ? decoder.AddEmbeddings(embeds, request.Options, request.PromptIds, request.Decoder)
                    : decoder.Add(request.PromptIds!, request.Options, request.Decoder);
                if (sequence.IsFinished)
                {
                    job.Writer.TryComplete();
                }
                else
                {
                    active[sequence] = job;
                }
            }
            catch (Exception ex)
            {
                job.Writer.TryComplete(ex);
            }
            finally
            {
                request.PromptEmbeds?.Dispose();
            }
        }
    }

    /// <summary>A request and the channel its tokens go to.</summary>
    private sealed class Job(GenerationRequest request, ChannelWriter<GeneratedToken> writer)
    {
        private volatile bool _abandoned;

        public GenerationRequest Request { get; } = request;

        public ChannelWriter<GeneratedToken> Writer { get; } = writer;

        public bool IsAbandoned => _abandoned;

        public void Abandon() => _abandoned = true;
    }
}
