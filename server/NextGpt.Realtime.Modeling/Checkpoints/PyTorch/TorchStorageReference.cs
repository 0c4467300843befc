using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Checkpoints.PyTorch;

/// <summary>
/// A storage named by the pickle's persistent id <c>('storage', torch.FloatStorage, key, location, numel)</c>; its bytes
/// are the zip entry <c>{archive}/data/{key}</c>.
/// </summary>
public sealed record TorchStorageReference(string Key, ScalarType DType, long ElementCount);
