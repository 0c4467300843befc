using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.LanguageModel;

/// <summary>
/// Root-mean-square layer norm (Zhang and Sennrich, 2019) as transformers' LlamaRMSNorm computes it: in float32, then
/// scaled by <c>weight</c> after casting back. TorchSharp 0.107 has no RMSNorm module.
/// </summary>
public sealed class LlamaRmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly double _eps;

    [ComponentName(Name = "weight")]
    private readonly Parameter _weight;

    public LlamaRmsNorm(long size, double eps, Device? device = null) : base(nameof(LlamaRmsNorm))
    {
        _eps = eps;
        _weight = new Parameter(ones(size, device: device));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input.to_type(ScalarType.Float32);
        var variance = x.pow(2).mean([-1], keepdim: true);          // (..., D) -> (..., 1)
        var normalized = (x * (variance + _eps).rsqrt()).to_type(input.dtype);
        return (_weight * normalized).MoveToOuterDisposeScope();
    }
}
