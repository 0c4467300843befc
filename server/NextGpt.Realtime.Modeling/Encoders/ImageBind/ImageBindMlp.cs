using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Encoders.ImageBind;

/// <summary>ImageBind's <c>Mlp</c> (from timm): fc1 to 4·D, exact GELU (nn.GELU's default), fc2 back; no dropout at eval.</summary>
public sealed class ImageBindMlp : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "fc1")] private readonly Linear _fc1;
    [ComponentName(Name = "fc2")] private readonly Linear _fc2;

    public ImageBindMlp(long dimension, long hidden, Device? device = null) : base(nameof(ImageBindMlp))
    {
        _fc1 = nn.Linear(dimension, hidden, device: device);
        _fc2 = nn.Linear(hidden, dimension, device: device);
        RegisterComponents();
    }

    /// <param name="x">(B, L, D).</param>
    /// <returns>(B, L, D).</returns>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return _fc2.forward(nn.functional.gelu(_fc1.forward(x))).MoveToOuterDisposeScope();
    }
}
