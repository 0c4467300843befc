namespace NextGpt.Realtime.Modeling.Checkpoints.PyTorch;

/// <summary>
/// A tensor as <c>torch._utils._rebuild_tensor_v2(storage, storage_offset, size, stride, ...)</c> describes it: a strided
/// view of a storage, read only when asked for.
/// </summary>
public sealed record TorchTensorRecord(TorchStorageReference Storage, long StorageOffset, long[] Shape, long[] Stride)
{
    /// <summary>Checks that the view stays inside its storage (a hostile file could point anywhere).</summary>
    public void Validate(string name)
    {
        if (Shape.Length != Stride.Length || Shape.Any(s => s < 0) || Stride.Any(s => s < 0) || StorageOffset < 0)
        {
            throw new InvalidDataException($"Tensor '{name}' has an invalid size/stride ([{string.Join(",", Shape)}] / [{string.Join(",", Stride)}]).");
        }

        if (Shape.All(s => s > 0))
        {
            var last = StorageOffset + Shape.Zip(Stride, (size, stride) => (size - 1) * stride).Sum();
            if (last >= Storage.ElementCount)
            {
                throw new InvalidDataException(
                    $"Tensor '{name}' reaches element {last} of a storage of {Storage.ElementCount} elements.");
            }
        }
    }
}
