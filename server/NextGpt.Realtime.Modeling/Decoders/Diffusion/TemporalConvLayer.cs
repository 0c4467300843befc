using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>
/// diffusers models/resnet.py <c>TemporalConvLayer</c> (from ModelScope's text-to-video UNet): four pre-norm
/// (GroupNorm(32) -> SiLU -> Conv3d with a (3, 1, 1) kernel) stages that mix each pixel's features across neighbouring
/// frames only, plus the input. The keys are the indices of diffusers' <c>nn.Sequential</c>s: <c>conv1.0</c> (norm),
/// <c>conv1.2</c> (convolution), and in <c>conv2..4</c>, whose index 2 is a dropout (0.1, inactive at inference),
/// <c>convN.0</c> and <c>convN.3</c>. The group count is 32 whatever the UNet's norm_num_groups, as in diffusers.
/// </summary>
public sealed class TemporalConvLayer : nn.Module
{
    /// <summary>TemporalConvLayer's GroupNorms always have 32 groups (hard-coded in diffusers 0.17.1).</summary>
    public const int Groups = 32;

    [ComponentName(Name = "conv1")] private readonly ModuleList<nn.Module<Tensor, Tensor>> _conv1;
    [ComponentName(Name = "conv2")] private readonly ModuleList<nn.Module<Tensor, Tensor>> _conv2;
    [ComponentName(Name = "conv3")] private readonly ModuleList<nn.Module<Tensor, Tensor>> _conv3;
    [ComponentName(Name = "conv4")] private readonly ModuleList<nn.Module<Tensor, Tensor>> _conv4;

    public TemporalConvLayer(int inDim, int? outDim = null, Device? device = null) : base(nameof(TemporalConvLayer))
    {
        var output = outDim ?? inDim;
        _conv1 = new ModuleList<nn.Module<Tensor, Tensor>>(
            DiffusionNorms.GroupNorm(Groups, inDim, 1e-5, device), nn.SiLU(), TemporalConv(inDim, output, device));
        _conv2 = Stage(output, inDim, device);
        _conv3 = Stage(output, inDim, device);
        _conv4 = Stage(output, inDim, device);

        // diffusers zeroes the last convolution so that a fresh layer is the identity (matters only before loading weights).
        using (no_grad())
        {
            foreach (var parameter in _conv4[3].parameters())
            {
                parameter.zero_();
            }
        }

        RegisterComponents();
    }

    /// <param name="hiddenStates">(B F, C, H, W), frames of one video consecutive.</param>
    /// <param name="numFrames">F.</param>
    /// <returns>(B F, C, H, W).</returns>
    public Tensor forward(Tensor hiddenStates, long numFrames)
    {
        using var scope = NewDisposeScope();
        var (batchFrames, channels, height, width) = (hiddenStates.shape[0], hiddenStates.shape[1], hiddenStates.shape[2], hiddenStates.shape[3]);
        var batch = batchFrames / numFrames;
        var video = hiddenStates.reshape(batch, numFrames, channels, height, width).permute(0, 2, 1, 3, 4);   // (B, C, F, H, W)
        var hidden = video;
        foreach (var stage in new[] { _conv1, _conv2, _conv3, _conv4 })
        {
            foreach (var layer in stage)
            {
                hidden = layer.forward(hidden);
            }
        }

        hidden = video + hidden;
        var frames = hidden.permute(0, 2, 1, 3, 4).reshape(batchFrames, channels, height, width);              // (B F, C, H, W)
        return frames.MoveToOuterDisposeScope();
    }

    private static ModuleList<nn.Module<Tensor, Tensor>> Stage(int inDim, int outDim, Device? device) =>
        new(DiffusionNorms.GroupNorm(Groups, inDim, 1e-5, device), nn.SiLU(), nn.Dropout(0.1), TemporalConv(inDim, outDim, device));

    private static Conv3d TemporalConv(int inDim, int outDim, Device? device) =>
        nn.Conv3d(inDim, outDim, kernel_size: (3, 1, 1), padding: (1, 0, 0), device: device);
}
