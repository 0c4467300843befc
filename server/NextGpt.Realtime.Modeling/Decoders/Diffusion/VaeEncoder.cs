using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>
/// The VAE's encoder (diffusers models/vae.py <c>Encoder</c>, double_z): conv_in, down blocks, mid block, GroupNorm (eps
/// 1e-6), activation, conv_out to 2 x latent channels (mean and log-variance).
/// </summary>
public sealed class VaeEncoder : nn.Module<Tensor, Tensor>
{
    private readonly string _act;

    [ComponentName(Name = "conv_in")] private readonly Conv2d _convIn;
    [ComponentName(Name = "down_blocks")] private readonly ModuleList<DownEncoderBlock2D> _downBlocks;
    [ComponentName(Name = "mid_block")] private readonly UNetMidBlock2D _midBlock;
    [ComponentName(Name = "conv_norm_out")] private readonly GroupNorm _convNormOut;
    [ComponentName(Name = "conv_out")] private readonly Conv2d _convOut;

    public VaeEncoder(AutoencoderKLConfig config, Device? device = null) : base(nameof(VaeEncoder))
    {
        const double Eps = 1e-6;
        var channels = config.BlockOutChannels;
        _act = config.ActFn;
        _convIn = nn.Conv2d(config.InChannels, channels[0], 3, padding: 1, device: device);
        _downBlocks = new ModuleList<DownEncoderBlock2D>(Enumerable.Range(0, channels.Count)
            .Select(i => new DownEncoderBlock2D(i == 0 ? channels[0] : channels[i - 1], channels[i], config.LayersPerBlock,
                config.NormNumGroups, Eps, _act, addDownsample: i != channels.Count - 1, device))
            .ToArray());
        _midBlock = new UNetMidBlock2D(channels[^1], config.NormNumGroups, Eps, _act, device);
        _convNormOut = DiffusionNorms.GroupNorm(config.NormNumGroups, channels[^1], Eps, device);
        _convOut = nn.Conv2d(channels[^1], 2 * config.LatentChannels, 3, padding: 1, device: device);
        RegisterComponents();
    }

    /// <param name="sample">(B, in_channels, H, W) in [-1, 1].</param>
    /// <returns>(B, 2 latent, H / f, W / f) with f = 2^(blocks - 1) (sizes rounded up by the asymmetric padding).</returns>
    public override Tensor forward(Tensor sample)
    {
        using var scope = NewDisposeScope();
        var hidden = _convIn.forward(sample);
        foreach (var block in _downBlocks)
        {
            hidden = block.forward(hidden);
        }

        hidden = _midBlock.forward(hidden);
        hidden = DiffusionActivation.Apply(_act, _convNormOut.forward(hidden));
        return _convOut.forward(hidden).MoveToOuterDisposeScope();
    }
}
