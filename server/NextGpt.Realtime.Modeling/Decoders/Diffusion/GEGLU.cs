using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>
/// Gated GELU (Shazeer 2020, arXiv 2002.05202; diffusers models/attention.py <c>GEGLU</c>): one projection to twice the
/// width, split into value and gate, <c>value * gelu(gate)</c> with exact (erf) GELU.
/// </summary>
public sealed class GEGLU : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "proj")] private readonly Linear _proj;

    public GEGLU(int dimIn, int dimOut, Device? device = null) : base(nameof(GEGLU))
    {
        _proj = nn.Linear(dimIn, dimOut * 2, device: device);
        RegisterComponents();
    }

    /// <param name="hiddenStates">(B, T, dim_in).</param>
    /// <returns>(B, T, dim_out).</returns>
    public override Tensor forward(Tensor hiddenStates)
    {
        using var scope = NewDisposeScope();
        var parts = _proj.forward(hiddenStates).chunk(2, dim: -1);   // 2 x (B, T, dim_out)
        return (parts[0] * nn.functional.gelu(parts[1])).MoveToOuterDisposeScope();
    }
}
