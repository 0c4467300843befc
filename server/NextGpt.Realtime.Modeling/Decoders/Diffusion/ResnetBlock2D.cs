using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>
/// diffusers models/resnet.py <c>ResnetBlock2D</c> (pre-norm, as every block used here builds it):
/// <c>h = conv1(act(norm1(x))) + time_emb_proj(act(temb))</c>, <c>h = conv2(act(norm2(h)))</c>,
/// <c>out = (shortcut(x) + h) / output_scale_factor</c>. With <c>scale_shift</c> the projected embedding is a FiLM
/// (scale, shift) applied after norm2 instead of a bias. Dropout is 0 in every configuration used, so none is applied.
/// </summary>
public sealed class ResnetBlock2D : nn.Module
{
    private readonly string _act;
    private readonly bool _scaleShift;
    private readonly double _outputScaleFactor;

    [ComponentName(Name = "norm1")] private readonly GroupNorm _norm1;
    [ComponentName(Name = "conv1")] private readonly Conv2d _conv1;
    [ComponentName(Name = "time_emb_proj")] private readonly Linear? _timeEmbProj;
    [ComponentName(Name = "norm2")] private readonly GroupNorm _norm2;
    [ComponentName(Name = "conv2")] private readonly Conv2d _conv2;
    [ComponentName(Name = "conv_shortcut")] private readonly Conv2d? _convShortcut;

    /// <param name="tembChannels">Width of the time embedding, or null for the VAE's blocks (no time_emb_proj).</param>
    public ResnetBlock2D(int inChannels, int outChannels, int? tembChannels, int groups, double eps, string act = "silu",
        string timeEmbeddingNorm = "default", double outputScaleFactor = 1.0, Device? device = null) : base(nameof(ResnetBlock2D))
    {
        _act = act;
        _scaleShift = timeEmbeddingNorm == "scale_shift";
        _outputScaleFactor = outputScaleFactor;
        _norm1 = DiffusionNorms.GroupNorm(groups, inChannels, eps, device);
        _conv1 = nn.Conv2d(inChannels, outChannels, 3, padding: 1, device: device);
        if (tembChannels is { } temb)
        {
            _timeEmbProj = nn.Linear(temb, _scaleShift ? 2 * outChannels : outChannels, device: device);
        }

        _norm2 = DiffusionNorms.GroupNorm(groups, outChannels, eps, device);
        _conv2 = nn.Conv2d(outChannels, outChannels, 3, padding: 1, device: device);
        if (inChannels != outChannels)
        {
            _convShortcut = nn.Conv2d(inChannels, outChannels, 1, device: device);
        }

        RegisterComponents();
    }

    /// <param name="input">(B, C_in, H, W).</param>
    /// <param name="temb">(B, temb_channels) or null.</param>
    /// <returns>(B, C_out, H, W).</returns>
    public Tensor forward(Tensor input, Tensor? temb)
    {
        using var scope = NewDisposeScope();
        var hidden = _conv1.forward(DiffusionActivation.Apply(_act, _norm1.forward(input)));   // (B, C_in, H, W) -> (B, C_out, H, W)
        Tensor? projected = null;
        if (_timeEmbProj is not null && temb is not null)
        {
            projected = _timeEmbProj.forward(DiffusionActivation.Apply(_act, temb)).unsqueeze(-1).unsqueeze(-1); // (B, C', 1, 1)
            if (!_scaleShift)
            {
                hidden = hidden + projected;
            }
        }

        hidden = _norm2.forward(hidden);
        if (_scaleShift && projected is not null)
        {
            var parts = projected.chunk(2, dim: 1);
            hidden = (hidden * (parts[0] + 1)) + parts[1];
        }

        hidden = _conv2.forward(DiffusionActivation.Apply(_act, hidden));
        var shortcut = _convShortcut is null ? input : _convShortcut.forward(input);
        var output = (shortcut + hidden) / _outputScaleFactor;
        return output.MoveToOuterDisposeScope();
    }
}
