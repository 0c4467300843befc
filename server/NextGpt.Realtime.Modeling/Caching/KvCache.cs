using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Caching;

/// <summary>
/// The keys and values of every attention layer for the positions seen so far. The cache owns its tensors: they are
/// detached from whatever dispose scope the step ran in (TorchSharp memory.md, long-lived tensors), so a generation loop
/// can dispose everything per step except the cache, and disposing the cache frees them.
/// </summary>
public sealed class KvCache : IDisposable
{
    private readonly (Tensor Keys, Tensor Values)?[] _layers;

    public KvCache(int layerCount) => _layers = new (Tensor, Tensor)?[layerCount];

    /// <summary>Positions cached so far (the same for every layer).</summary>
    public long Length => _layers[0]?.Keys.shape[2] ?? 0;

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
        if (previous is { } old)
        {
            old.Keys.Dispose();
            old.Values.Dispose();
        }

        _layers[layer] = (allKeys, allValues);
        return (allKeys, allValues);
    }

    public void Dispose()
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
}
