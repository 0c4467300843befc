namespace NextGpt.Realtime.Modeling.Checkpoints.PyTorch;

/// <summary>A global the restricted unpickler allows (<c>module.name</c>), as a value on its stack.</summary>
public sealed record PickleGlobal(string Module, string Name)
{
    public string FullName => $"{Module}.{Name}";
}
