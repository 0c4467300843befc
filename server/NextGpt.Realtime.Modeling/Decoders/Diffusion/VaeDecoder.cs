using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>
/// The VAE's decoder (diffusers models/vae.py <c>Decoder</c>, group norm): conv_in from the latent channels, mid block,
/// up blocks (layers_per_block + 1 resnets each), GroupNorm (eps 1e-6), activation, conv_out.
/// </summary>
public sealed class VaeDecoder : nn.Module<Tensor, Tensor>
{
    private readonly string _act;

    [ComponentName(Name = "conv_in")] private readonly Conv2d _convIn;
    [ComponentName(Name = "up_blocks")] private readonly ModuleList<UpDecoderBlock2D> _upBlocks;
    [ComponentName(Name = "mid_block")] private readonly UNetMidBlock2D _midBlock;
    [ComponentName(Name = "conv_norm_out")] private readonly GroupNorm _convNormOut;
    [ComponentName(Name = "conv_out")] private readonly Conv2d _convOut;

    public VaeDecoder(AutoencoderKLConfig config, Device? device = null) : base(nameof(VaeDecoder))
    {
        const double Eps = 1e-6;
        var reversed = config.BlockOutChannels.Reverse().ToArray();
        _act = config.ActFn;
        _convIn = nn.Conv2d(config.LatentChannels, reversed[0], 3, padding: 1, device: device);
        _midBlock = new UNetMidBlock2D(reversed[0], config.NormNumGroups, Eps, _act, device);
        _upBlocks = new ModuleList<UpDecoderBlock2D>(Enumerable.Range(0, reversed.Length)
            .Select(i => new UpDecoderBlock2D(i == 0 ? reversed[0] : reversed[i - 1], reversed[i], config.LayersPerBlock + 1,
                config.NormNumGroups, Eps, _act, addUpsample: i != reversed.Length - 1, device))
            .ToArray());
        _convNormOut = DiffusionNorms.GroupNorm(config.NormNumGroups, reversed[^1], Eps, device);
        _convOut = nn.Conv2d(reversed[^1], config.OutChannels, 3, padding: 1, device: device);
        RegisterComponents();
    }

    /// <param name="latents">(B, latent_channels, h, w), unscaled (already divided by scaling_factor).</param>
    /// <returns>(B, out_channels, h f, w f), nominally in [-1, 1].</returns>
    public override Tensor forward(Tensor latents)
    {
        using var scope = NewDisposeScope();
        var hidden = _convIn.forward(latents);
        hidden = _midBlock.forward(hidden);
        foreach (var block in _upBlocks)
        {
            hidden = block.forward(hidden);
        }

        hidden = DiffusionActivation.Apply(_act, _convNormOut.forward(hidden));
        return _convOut.forward(hidden).MoveToOuterDisposeScope();
    }
}
