using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Caching;

/// <summary>
/// The keys and values of every attention layer for the positions seen so far, one row per sequence. The cache owns its
/// tensors: they are detached from whatever dispose scope the step ran in (TorchSharp memory.md, long-lived tensors), so
/// a generation loop can dispose everything per step except the cache, and disposing the cache frees them.
/// </summary>
/// <remarks>
/// Rows may hold sequences of different lengths (batched decoding): every row ends at the newest position and shorter
/// rows are padded on the left, which the caller masks out (attention mask 0). <see cref="AppendRows"/> and
/// <see cref="KeepRows"/> let sequences join and leave a batch between steps.
/// </remarks>
public sealed class KvCache : IDisposable
{
    private readonly (Tensor Keys, Tensor Values)?[] _layers;

    public KvCache(int layerCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(layerCount);
        _layers = new (Tensor, Tensor)?[layerCount];
    }

    public int LayerCount => _layers.Length;

    /// <summary>Positions cached so far, padding included (the same for every layer).</summary>
    public long Length => _layers[0]?.Keys.shape[2] ?? 0;

    /// <summary>Rows (sequences) cached.</summary>
    public long BatchSize => _layers[0]?.Keys.shape[0] ?? 0;

    /// <summary>
    /// Appends one step's keys and values for a layer and returns the whole history (owned by the cache; do not dispose).
    /// </summary>
    /// <param name="keys">(B, kv_heads, T_new, head_dim).</param>
    /// <param name="values">(B, kv_heads, T_new, head_dim).</param>
    /// <returns>(B, kv_heads, T_past + T_new, head_dim) each.</returns>
    public (Tensor Keys, Tensor Values) Append(int layer, Tensor keys, Tensor values)
    {
        var previous = _layers[layer];
        var allKeys = (previous is { } p ? cat([p.Keys, keys], dim: 2) : keys.alias()).DetachFromDisposeScope();
        var allValues = (previous is { } q ? cat([q.Values, values], dim: 2) : values.alias()).DetachFromDisposeScope();
        Replace(layer, allKeys, allValues);
        return (allKeys, allValues);
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
            var theirs = other._layers[layer]!.Value;
            if (_layers[layer] is not { } mine)
            {
                Replace(layer, theirs.Keys.clone().DetachFromDisposeScope(), theirs.Values.clone().DetachFromDisposeScope());
                continue;
            }

            var keys = cat([PadLeft(mine.Keys, length), PadLeft(theirs.Keys, length)], dim: 0);       // (B + B', KV, S, hd)
            var values = cat([PadLeft(mine.Values, length), PadLeft(theirs.Values, length)], dim: 0);
            Replace(layer, keys.DetachFromDisposeScope(), values.DetachFromDisposeScope());
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
            if (_layers[layer] is not { } kept)
            {
                continue;
            }

            using var scope = NewDisposeScope();
            var index = tensor(rows.ToArray(), device: kept.Keys.device);
            var length = kept.Keys.shape[2] - leadingPositions;
            var keys = kept.Keys.index_select(0, index).narrow(2, leadingPositions, length).contiguous();    // (B', KV, S', hd)
            var values = kept.Values.index_select(0, index).narrow(2, leadingPositions, length).contiguous();
            Replace(layer, keys.DetachFromDisposeScope(), values.DetachFromDisposeScope());
        }
    }

    /// <summary>Forgets every position.</summary>
    public void Clear()
    {
        for (var i = 0; i < _layers.Length; i++)
        {
            if (_layers[i] is { } layer)
            {
                layer.Keys.Dispose();
                layer.Values.Dispose();
                _layers[i] = null;
            }
        }
    }

    public void Dispose() => Clear();

    /// <param name="x">(B, KV, S, hd).</param>
    /// <returns>(B, KV, length, hd) with zeros before the old positions.</returns>
    private static Tensor PadLeft(Tensor x, long length) =>
        x.shape[2] == length ? x : nn.functional.pad(x, [0, 0, length - x.shape[2], 0]);

    private void Replace(int layer, Tensor keys, Tensor values)
    {
        if (_layers[layer] is { } old)
        {
            old.Keys.Dispose();
            old.Values.Dispose();
        }

        _layers[layer] = (keys, values);
    }
}
