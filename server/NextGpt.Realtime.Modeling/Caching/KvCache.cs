using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Caching;

/// <summary>
/// The keys and values of every attention layer for the positions seen so far, one row per sequence. The cache owns its
/// tensors: they are detached from whatever dispose scope the step ran in (TorchSharp memory.md, long-lived tensors), so
/// a generation loop can dispose everything per step except the cache, and disposing the cache frees them.
/// </summary>
/// <remarks>
/// Storage is a buffer per layer with room for more positions than are filled; a step writes its new keys and values
/// into the free room, so a decode step copies one position rather than the whole history (which concatenation would,
/// as ML.NET's DynamicKVCache does). When the room runs out the buffer doubles.
/// Rows may hold sequences of different lengths (batched decoding): every row ends at the newest position and shorter
/// rows are padded on the left, which the caller masks out (attention mask 0). <see cref="AppendRows"/> and
/// <see cref="KeepRows"/> let sequences join and leave a batch between steps.
/// </remarks>
public sealed class KvCache : IDisposable
{
    // Room for this many positions at least, so that short prompts do not regrow their buffer every few steps.
    private const long MinimumCapacity = 64;

    private readonly (Tensor Keys, Tensor Values)?[] _buffers;
    private readonly long[] _lengths;

    public KvCache(int layerCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(layerCount);
        _buffers = new (Tensor, Tensor)?[layerCount];
        _lengths = new long[layerCount];
    }

    public int LayerCount => _buffers.Length;

    /// <summary>Positions cached so far, padding included (the same for every layer between steps).</summary>
    public long Length => _lengths[0];

    /// <summary>Rows (sequences) cached.</summary>
    public long BatchSize => _buffers[0]?.Keys.shape[0] ?? 0;

    /// <summary>Positions the buffers have room for before they grow.</summary>
    public long Capacity => _buffers[0]?.Keys.shape[2] ?? 0;

    /// <summary>
    /// Appends one step's keys and values for a layer and returns views of the whole history. The views belong to the
    /// caller's dispose scope; the storage stays with the cache. They are valid until the next change to this layer.
    /// </summary>
    /// <param name="keys">(B, kv_heads, T_new, head_dim).</param>
    /// <param name="values">(B, kv_heads, T_new, head_dim).</param>
    /// <returns>(B, kv_heads, T_past + T_new, head_dim) each.</returns>
    public (Tensor Keys, Tensor Values) Append(int layer, Tensor keys, Tensor values)
    {
        var length = _lengths[layer];
        var added = keys.shape[2];
        if (_buffers[layer] is { } existing && existing.Keys.shape[0] != keys.shape[0])
        {
            throw new ArgumentException(
                $"The cache holds {existing.Keys.shape[0]} rows; the step gives {keys.shape[0]}.", nameof(keys));
        }

        if (keys.requires_grad || values.requires_grad)
        {
            // Keys and values are copied into the cache's storage, which autograd does not follow.
            throw new InvalidOperationException("The KV cache is for inference: run cached forward passes under torch.no_grad().");
        }

        var (keyBuffer, valueBuffer) = Reserve(layer, keys, length + added);
        using (no_grad())
        {
            keyBuffer.narrow(2, length, added).copy_(keys);
            valueBuffer.narrow(2, length, added).copy_(values);
        }

        _lengths[layer] = length + added;
        return (keyBuffer.narrow(2, 0, length + added), valueBuffer.narrow(2, 0, length + added));
    }

    /// <summary>
    /// Adds the rows of <paramref name="other"/> after this cache's rows (a sequence joins the batch). The shorter side
    /// is padded on the left with zeros so that all rows end at the newest position. The tensors are copied;
    /// <paramref name="other"/> stays as it was.
    /// </summary>
    public void AppendRows(KvCache other)
    {
        if (other.LayerCount != LayerCount || other.Length == 0)
        {
            throw new ArgumentException(
                $"Can only append a filled cache with {LayerCount} layers; got {other.LayerCount} layers, {other.Length} positions.",
                nameof(other));
        }

        var length = Math.Max(Length, other.Length);
        for (var layer = 0; layer < LayerCount; layer++)
        {
            using var scope = NewDisposeScope();
            var (theirKeys, theirValues) = other.Filled(layer);
            if (_buffers[layer] is null)
            {
                Store(layer, theirKeys, theirValues);
                continue;
            }

            var (myKeys, myValues) = Filled(layer);
            var keys = cat([PadLeft(myKeys, length), PadLeft(theirKeys, length)], dim: 0);          // (B + B', KV, S, hd)
            var values = cat([PadLeft(myValues, length), PadLeft(theirValues, length)], dim: 0);
            Store(layer, keys, values);
        }
    }

    /// <summary>
    /// Keeps the given rows, in the given order, and drops the <paramref name="leadingPositions"/> oldest positions,
    /// which must be padding in every kept row (sequences leave the batch; the longest one may have been among them).
    /// No rows empties the cache.
    /// </summary>
    public void KeepRows(IReadOnlyList<long> rows, long leadingPositions = 0)
    {
        if (leadingPositions < 0 || leadingPositions > Length)
        {
            throw new ArgumentOutOfRangeException(nameof(leadingPositions), leadingPositions, $"The cache holds {Length} positions.");
        }

        if (rows.Count == 0)
        {
            Clear();
            return;
        }

        for (var layer = 0; layer < LayerCount; layer++)
        {
            if (_buffers[layer] is null)
            {
                continue;
            }

            using var scope = NewDisposeScope();
            var (keys, values) = Filled(layer);
            var index = tensor(rows.ToArray(), device: keys.device);
            var length = _lengths[layer] - leadingPositions;
            Store(layer,
                keys.index_select(0, index).narrow(2, leadingPositions, length),                       // (B', KV, S', hd)
                values.index_select(0, index).narrow(2, leadingPositions, length));
        }
    }

    /// <summary>Forgets every position.</summary>
    public void Clear()
    {
        for (var i = 0; i < _buffers.Length; i++)
        {
            if (_buffers[i] is { } buffer)
            {
                buffer.Keys.Dispose();
                buffer.Values.Dispose();
                _buffers[i] = null;
            }

            _lengths[i] = 0;
        }
    }

    public void Dispose() => Clear();

    /// <summary>Views of the filled positions of a layer, in the current dispose scope.</summary>
    private (Tensor Keys, Tensor Values) Filled(int layer)
    {
        var (keys, values) = _buffers[layer]!.Value;
        return (keys.narrow(2, 0, _lengths[layer]), values.narrow(2, 0, _lengths[layer]));
    }

    /// <summary>The layer's buffers with room for <paramref name="needed"/> positions, grown (doubled) when short.</summary>
    /// <param name="like">(B, KV, T, hd): batch, heads, head size, dtype and device of a new buffer.</param>
    private (Tensor Keys, Tensor Values) Reserve(int layer, Tensor like, long needed)
    {
        if (_buffers[layer] is { } current && current.Keys.shape[2] >= needed)
        {
            return current;
        }

        var capacity = Math.Max(needed, Math.Max(MinimumCapacity, 2 * (_buffers[layer]?.Keys.shape[2] ?? 0)));
        var shape = new[] { like.shape[0], like.shape[1], capacity, like.shape[3] };
        var keys = empty(shape, like.dtype, like.device).DetachFromDisposeScope();
        var values = empty(shape, like.dtype, like.device).DetachFromDisposeScope();
        if (_buffers[layer] is { } old)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var length = _lengths[layer];
            keys.narrow(2, 0, length).copy_(old.Keys.narrow(2, 0, length));
            values.narrow(2, 0, length).copy_(old.Values.narrow(2, 0, length));
            old.Keys.Dispose();
            old.Values.Dispose();
        }

        _buffers[layer] = (keys, values);
        return (keys, values);
    }

    /// <summary>Replaces a layer's storage with a copy of <paramref name="keys"/> and <paramref name="values"/>, with room to grow.</summary>
    /// <param name="keys">(B, KV, S, hd).</param>
    private void Store(int layer, Tensor keys, Tensor values)
    {
        var length = keys.shape[2];
        var capacity = Math.Max(MinimumCapacity, length + Math.Max(MinimumCapacity, length / 2));
        var shape = new[] { keys.shape[0], keys.shape[1], capacity, keys.shape[3] };
        var newKeys = empty(shape, keys.dtype, keys.device).DetachFromDisposeScope();
        var newValues = empty(shape, values.dtype, values.device).DetachFromDisposeScope();
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            newKeys.narrow(2, 0, length).copy_(keys);
            newValues.narrow(2, 0, length).copy_(values);
        }

        if (_buffers[layer] is { } old)
        {
            old.Keys.Dispose();
            old.Values.Dispose();
        }

        _buffers[layer] = (newKeys, newValues);
        _lengths[layer] = length;
    }

    /// <param name="x">(B, KV, S, hd).</param>
    /// <returns>(B, KV, length, hd) with zeros before the old positions.</returns>
    private static Tensor PadLeft(Tensor x, long length) =>
        x.shape[2] == length ? x : nn.functional.pad(x, [0, 0, length - x.shape[2], 0]);
}
