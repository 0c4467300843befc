using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>
/// diffusers models/unet_2d_blocks.py <c>UNetMidBlock2D</c> as the VAE builds it: resnet, single-head spatial self-attention
/// with GroupNorm and a residual (the old AttentionBlock, <c>_from_deprecated_attn_block</c>), resnet; no time embedding.
/// </summary>
public sealed class UNetMidBlock2D : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "attentions")] private readonly ModuleList<Attention> _attentions;
    [ComponentName(Name = "resnets")] private readonly ModuleList<ResnetBlock2D> _resnets;

    public UNetMidBlock2D(int channels, int groups, double eps, string act, Device? device = null) : base(nameof(UNetMidBlock2D))
    {
        _resnets = new ModuleList<ResnetBlock2D>(
            new ResnetBlock2D(channels, channels, null, groups, eps, act, device: device),
            new ResnetBlock2D(channels, channels, null, groups, eps, act, device: device));
        _attentions = new ModuleList<Attention>(new Attention(channels, null, heads: 1, dimHead: channels, bias: true, upcast: true,
            normNumGroups: groups, eps: eps, residualConnection: true, device: device));
        RegisterComponents();
    }

    /// <param name="hiddenStates">(B, C, H, W).</param>
    /// <returns>(B, C, H, W).</returns>
    public override Tensor forward(Tensor hiddenStates)
    {
        using var scope = NewDisposeScope();
        var hidden = _resnets[0].forward(hiddenStates, null);
        hidden = _attentions[0].forward(hidden);
        return _resnets[1].forward(hidden, null).MoveToOuterDisposeScope();
    }
}
