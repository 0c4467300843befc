using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>
/// diffusers models/transformer_temporal.py <c>TransformerTemporalModel</c>: attention across frames. Each pixel of each
/// video becomes a sequence of F tokens (GroupNorm eps 1e-6 over (C, F, H, W), linear <c>proj_in</c>), runs through
/// transformer blocks whose two attentions are both self-attention (<c>double_self_attention</c>: <c>attn2</c> gets no
/// encoder states, so its key/value input width is the block's own), then <c>proj_out</c> plus the input.
/// </summary>
public sealed class TransformerTemporalModel : nn.Module
{
    private readonly int _innerDim;

    [ComponentName(Name = "norm")] private readonly GroupNorm _norm;
    [ComponentName(Name = "proj_in")] private readonly Linear _projIn;
    [ComponentName(Name = "transformer_blocks")] private readonly ModuleList<BasicTransformerBlock> _transformerBlocks;
    [ComponentName(Name = "proj_out")] private readonly Linear _projOut;

    /// <param name="heads">Attention heads (diffusers' num_attention_heads).</param>
    /// <param name="headDim">Channels per head (diffusers' attention_head_dim); the blocks are heads x headDim wide.</param>
    /// <param name="inChannels">Channels of the feature map.</param>
    /// <param name="groups">GroupNorm groups (the block's resnet_groups, or 32 for the UNet's transformer_in).</param>
    public TransformerTemporalModel(int heads, int headDim, int inChannels, int groups = 32, int numLayers = 1, Device? device = null)
        : base(nameof(TransformerTemporalModel))
    {
        _innerDim = heads * headDim;
        _norm = DiffusionNorms.GroupNorm(groups, inChannels, 1e-6, device);
        _projIn = nn.Linear(inChannels, _innerDim, device: device);
        _transformerBlocks = new ModuleList<BasicTransformerBlock>(Enumerable.Range(0, numLayers)
            .Select(_ => new BasicTransformerBlock(_innerDim, heads, headDim, crossAttentionDim: _innerDim, device: device))
            .ToArray());
        _projOut = nn.Linear(_innerDim, inChannels, device: device);
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
        var hidden = hiddenStates.reshape(batch, numFrames, channels, height, width).permute(0, 2, 1, 3, 4);  // (B, C, F, H, W)
        hidden = _norm.forward(hidden);
        hidden = hidden.permute(0, 3, 4, 2, 1).reshape(batch * height * width, numFrames, channels);          // (B H W, F, C)
        hidden = _projIn.forward(hidden);                                                                     // (B H W, F, inner)
        foreach (var block in _transformerBlocks)
        {
            hidden = block.forward(hidden, null);
        }

        hidden = _projOut.forward(hidden);                                                                    // (B H W, F, C)
        // diffusers reshapes to (B, H, W, C, F) and back, two reinterpretations that cancel; this is the direct route.
        hidden = hidden.reshape(batch, height, width, numFrames, channels).permute(0, 3, 4, 1, 2)            // (B, F, C, H, W)
            .reshape(batchFrames, channels, height, width);                                                   // (B F, C, H, W)
        return (hidden + hiddenStates).MoveToOuterDisposeScope();
    }
}
