using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Objectives;

/// <summary>
/// Deterministic batches over a list of examples: each epoch is a seeded permutation, and the batch for a step is a
/// pure function of (seed, step), which is what lets a resumed run see the same data. Batches are right-padded (the
/// legacy NExT-GPT tokenizer pads on the right) with labels -100 and attention mask 0 on the padding.
/// </summary>
public sealed class ExampleBatcher
{
    private readonly IReadOnlyList<TokenizedExample> _examples;
    private readonly int _batchSize;
    private readonly int _seed;
    private readonly long _padId;

    public ExampleBatcher(IReadOnlyList<TokenizedExample> examples, int batchSize, int seed, long padId)
    {
        if (examples.Count == 0)
        {
            throw new ArgumentException("There are no training examples.", nameof(examples));
        }

        var bad = examples.FirstOrDefault(e => e.InputIds.Length == 0 || e.InputIds.Length != e.Labels.Length);
        if (bad is not null)
        {
            throw new ArgumentException("Every example needs as many labels as ids, and at least one id.", nameof(examples));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        _examples = examples;
        _batchSize = Math.Min(batchSize, examples.Count);
        _seed = seed;
        _padId = padId;
    }

    public int StepsPerEpoch => _examples.Count / _batchSize;

    /// <summary>The examples of a step's batch.</summary>
    public IReadOnlyList<TokenizedExample> ExamplesAt(long step)
    {
        var epoch = step / StepsPerEpoch;
        var offset = (int)(step % StepsPerEpoch) * _batchSize;
        var order = Enumerable.Range(0, _examples.Count).ToArray();
        new Random(HashCode.Combine(_seed, epoch)).Shuffle(order);
        return order.Skip(offset).Take(_batchSize).Select(i => _examples[i]).ToList();
    }

    /// <summary>The step's batch as tensors: ids, labels and attention mask, each (B, T) on <paramref name="device"/>.</summary>
    public (Tensor InputIds, Tensor Labels, Tensor AttentionMask) TensorsAt(long step, Device device)
    {
        var batch = ExamplesAt(step);
        var length = batch.Max(e => e.InputIds.Length);
        var ids = new long[batch.Count * length];
        var labels = new long[batch.Count * length];
        var mask = new long[batch.Count * length];
        Array.Fill(ids, _padId);
        Array.Fill(labels, -100L);
        for (var row = 0; row < batch.Count; row++)
        {
            var example = batch[row];
            example.InputIds.CopyTo(ids, row * length);
            example.Labels.CopyTo(labels, row * length);
            Array.Fill(mask, 1L, row * length, example.InputIds.Length);
        }

        long[] shape = [batch.Count, length];
        return (tensor(ids, shape, device: device), tensor(labels, shape, device: device), tensor(mask, shape, device: device));
    }
}
