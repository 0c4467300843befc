using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Objectives;

/// <summary>
/// Deterministic batches of tokenized examples in <see cref="BatchOrder"/>, as tensors right-padded (the legacy
/// NExT-GPT tokenizer pads on the right) with labels -100 and attention mask 0 on the padding.
/// </summary>
public sealed class ExampleBatcher
{
    private readonly IReadOnlyList<TokenizedExample> _examples;
    private readonly BatchOrder _order;
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

        _examples = examples;
        _order = new BatchOrder(examples.Count, batchSize, seed);
        _padId = padId;
    }

    /// <summary>The step's batch as tensors: ids, labels and attention mask, each (B, T) on <paramref name="device"/>.</summary>
    public (Tensor InputIds, Tensor Labels, Tensor AttentionMask) TensorsAt(long step, Device device) =>
        Pad(_order.IndicesAt(step).Select(i => _examples[i]).ToList(), _padId, device);

    /// <summary>Right-pads examples into (B, T) ids, labels and attention mask.</summary>
    public static (Tensor InputIds, Tensor Labels, Tensor AttentionMask) Pad(IReadOnlyList<TokenizedExample> batch, long padId, Device device)
    {
        var length = batch.Max(e => e.InputIds.Length);
        var ids = new long[batch.Count * length];
        var labels = new long[batch.Count * length];
        var mask = new long[batch.Count * length];
        Array.Fill(ids, padId);
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
