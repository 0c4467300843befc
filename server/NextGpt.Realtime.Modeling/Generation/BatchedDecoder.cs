using NextGpt.Realtime.Modeling.Caching;
using NextGpt.Realtime.Modeling.LanguageModel;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Generation;

/// <summary>
/// Decodes several replies together, one forward pass per step for all of them; sequences join and leave between steps.
/// </summary>
/// <remarks>
/// Design: one batch KV cache whose rows can be added and removed (<see cref="KvCache.AppendRows"/>,
/// <see cref="KvCache.KeepRows"/>), rather than one cache per sequence. Per-sequence caches would have to be padded and
/// concatenated into a batch at every step, copying every cached key and value each time; the batch cache pays that copy
/// only when a sequence joins or leaves. A joining prompt is prefilled alone (its own length, no padding), its first
/// token sampled, and its cache rows appended with left padding so that every row ends at the newest position. Each step
/// then feeds one token per row with that row's own position id and an attention mask that hides the row's padding.
/// When sequences leave, their rows go and the padding no remaining row needs is trimmed.
/// Not thread-safe: TorchSharp dispose scopes are per thread, so one inference thread owns a decoder
/// (<see cref="BatchedGenerator"/> runs one on its own thread for async callers).
/// </remarks>
public sealed class BatchedDecoder : IDisposable
{
    private readonly LlamaForCausalLM _model;
    private readonly KvCache _cache;
    private readonly List<DecodingSequence> _rows = [];

    public BatchedDecoder(LlamaForCausalLM model)
    {
        _model = model;
        _cache = new KvCache(model.Config.NumHiddenLayers);
    }

    /// <summary>The sequences decoding now, in batch-row order.</summary>
    public IReadOnlyList<DecodingSequence> Sequences => _rows;

    /// <summary>Positions in the batch cache, padding included.</summary>
    public long CacheLength => _cache.Length;

    private Device Device => _model.Device;

    /// <summary>Adds a reply to the batch from its prompt's token ids.</summary>
    public DecodingSequence Add(IReadOnlyList<long> promptIds, GenerationOptions options, ITokenDecoder? decoder = null)
    {
        if (promptIds.Count == 0)
        {
            throw new ArgumentException("The prompt is empty.", nameof(promptIds));
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var ids = tensor(promptIds.ToArray(), device: Device).unsqueeze(0);                  // (1, T)
        return AddEmbeddings(_model.Model.Embed(ids), options, promptIds, decoder);                    // (1, T, D)
    }

    /// <summary>
    /// Adds a reply from its prompt embeddings, as NExT-GPT builds them with projected media spliced between text
    /// embeddings (architecture notes section 2.1): prefills the prompt and samples the first token, which the next
    /// <see cref="Step"/> reports. A sequence with <c>MaxNewTokens</c> 0 comes back finished and does not join.
    /// </summary>
    /// <param name="promptEmbeds">(1, T, D); the caller keeps ownership.</param>
    /// <param name="promptIds">The prompt's token ids where known, for the repetition penalty.</param>
    /// <param name="decoder">Turns tokens into text for <see cref="GeneratedToken.Text"/> and stop strings; optional.</param>
    public DecodingSequence AddEmbeddings(Tensor promptEmbeds, GenerationOptions options, IReadOnlyList<long>? promptIds = null,
        ITokenDecoder? decoder = null)
    {
        if (promptEmbeds.dim() != 3 || promptEmbeds.shape[0] != 1 || promptEmbeds.shape[1] == 0)
        {
            throw new ArgumentException(
                $"Prompt embeddings must be (1, T, D) with T > 0; got [{string.Join(", ", promptEmbeds.shape)}].", nameof(promptEmbeds));
        }

        var sequence = new DecodingSequence(options, promptIds, decoder);
        if (options.MaxNewTokens == 0)
        {
            sequence.End(FinishReason.Length);
            return sequence;
        }

        using (var prompt = new KvCache(_cache.LayerCount))
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            var output = _model.forward(new LlamaInput(InputsEmbeds: promptEmbeds.to(Device), Cache: prompt));
            sequence.Length = promptEmbeds.shape[1];
            sequence.SampleNext(output.Logits.select(1, -1));                                 // (1, T, V) -> (1, V)
            _cache.AppendRows(prompt);
        }

        _rows.Add(sequence);
        return sequence;
    }

    /// <summary>Takes a sequence out of the batch (the caller cancelled it); it ends as cancelled.</summary>
    public void Remove(DecodingSequence sequence)
    {
        if (_rows.Contains(sequence))
        {
            sequence.End(FinishReason.Cancelled);
            RemoveFinished();
        }
    }

    /// <summary>
    /// One forward pass for every sequence: feeds each one's pending token, reports it with its hidden state, and samples
    /// the next. Sequences whose reported token was their last leave the batch.
    /// </summary>
    /// <returns>One token per sequence that was in the batch, in row order.</returns>
    public IReadOnlyList<(DecodingSequence Sequence, GeneratedToken Token)> Step()
    {
        if (_rows.Count == 0)
        {
            return [];
        }

        var reported = new List<(DecodingSequence, GeneratedToken)>(_rows.Count);
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            var past = _cache.Length;
            var lengths = _rows.Select(row => row.Length).ToArray();
            var ids = tensor(_rows.Select(row => row.PendingId).ToArray(), device: Device).unsqueeze(1);  // (B, 1)
            var positions = tensor(lengths, device: Device).unsqueeze(1);                               // (B, 1)
            var mask = lengths.All(length => length == past) ? null : PaddingMask(lengths, past);
            var output = _model.forward(new LlamaInput(InputIds: ids, AttentionMask: mask, PositionIds: positions, Cache: _cache));
            var hidden = output.HiddenStates.select(1, -1).to_type(ScalarType.Float32).cpu().data<float>().ToArray(); // (B * D)
            var logits = output.Logits.select(1, -1);                                                    // (B, V)
            var width = (int)output.HiddenStates.shape[2];
            for (var row = 0; row < _rows.Count; row++)
            {
                var sequence = _rows[row];
                reported.Add((sequence, sequence.Report(hidden.AsSpan(row * width, width).ToArray())));
                if (!sequence.IsFinished)
                {
                    sequence.SampleNext(logits.narrow(0, row, 1));
                }
            }
        }

        RemoveFinished();
        return reported;
    }

    public void Dispose() => _cache.Dispose();

    /// <summary>1 where a row has a real position: its own last <c>length</c> cached positions and the new one.</summary>
    /// <returns>(B, past + 1) int64.</returns>
    private Tensor PaddingMask(long[] lengths, long past)
    {
        var firstReal = tensor(lengths, device: Device).neg().add(past).unsqueeze(1);                   // (B, 1)
        return arange(past + 1, device: Device).unsqueeze(0).ge(firstReal).to_type(ScalarType.Int64);    // (B, past + 1)
    }

    private void RemoveFinished()
    {
        if (!_rows.Any(row => row.IsFinished))
        {
            return;
        }

        var kept = Enumerable.Range(0, _rows.Count).Where(i => !_rows[i].IsFinished).Select(i => (long)i).ToList();
        _rows.RemoveAll(row => row.IsFinished);
        var longest = _rows.Count == 0 ? 0 : _rows.Max(row => row.Length);
        _cache.KeepRows(kept, _cache.Length - longest);
    }
}
