namespace NextGpt.Realtime.Training.Objectives;

/// <summary>
/// Which examples make the batch of a step: each epoch is a seeded permutation of the examples, cut into batches in order
/// (a final short batch is dropped). A pure function of (seed, step), so a resumed run sees the same data.
/// </summary>
public sealed class BatchOrder
{
    private readonly int _count;
    private readonly int _batchSize;
    private readonly int _seed;

    public BatchOrder(int count, int batchSize, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        _count = count;
        _batchSize = Math.Min(batchSize, count);
        _seed = seed;
    }

    public int StepsPerEpoch => _count / _batchSize;

    /// <summary>Indices of the examples in the batch of zero-based <paramref name="step"/>.</summary>
    public IReadOnlyList<int> IndicesAt(long step)
    {
        var epoch = step / StepsPerEpoch;
        var offset = (int)(step % StepsPerEpoch) * _batchSize;
        var order = Enumerable.Range(0, _count).ToArray();
        new Random(StableSeed.Mix(_seed, epoch)).Shuffle(order);
        return order.AsSpan(offset, _batchSize).ToArray();
    }
}
