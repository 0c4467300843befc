namespace NextGpt.Realtime.Modeling.Checkpoints.PyTorch;

/// <summary>
/// A PyTorch checkpoint asked for something a tensor state dict never needs (a global outside the allow-list, an opcode
/// that builds arbitrary objects). The file is refused; nothing from it was executed or imported.
/// </summary>
public sealed class UnsafeCheckpointException(string message) : IOException(message);
