using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>
/// diffusers models/attention.py <c>FeedForward</c> with the transformer blocks' default GEGLU activation: <c>net.0</c> GEGLU
/// to 4x width, <c>net.1</c> dropout (no parameters, 0 here), <c>net.2</c> linear back.
/// </summary>
public sealed class FeedForward : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "net")] private readonly ModuleList<nn.Module<Tensor, Tensor>> _net;

    public FeedForward(int dim, int mult = 4, Device? device = null) : base(nameof(FeedForward))
    {
        var inner = dim * mult;
        _net = new ModuleList<nn.Module<Tensor, Tensor>>(new GEGLU(dim, inner, device), nn.Dropout(0.0), nn.Linear(inner, dim, device: device));
        RegisterComponents();
    }

    /// <param name="hiddenStates">(B, T, dim).</param>
    /// <returns>(B, T, dim).</returns>
    public override Tensor forward(Tensor hiddenStates)
    {
        using var scope = NewDisposeScope();
        var inner = _net[0].forward(hiddenStates);    // (B, T, 4 dim)
        return _net[2].forward(inner).MoveToOuterDisposeScope();
    }
}
