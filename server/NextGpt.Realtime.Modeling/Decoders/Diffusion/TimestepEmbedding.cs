using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>
/// Two-layer MLP on timestep features (diffusers models/embeddings.py <c>TimestepEmbedding</c>): <c>linear_1</c>, activation,
/// <c>linear_2</c>, optional post-activation. Also used for "projection" class embeddings, which feed it raw vectors.
/// </summary>
public sealed class TimestepEmbedding : nn.Module<Tensor, Tensor>
{
    private readonly string _act;
    private readonly string? _postAct;

    [ComponentName(Name = "linear_1")] private readonly Linear _linear1;
    [ComponentName(Name = "linear_2")] private readonly Linear _linear2;

    public TimestepEmbedding(int inChannels, int timeEmbedDim, string act = "silu", string? postAct = null, Device? device = null)
        : base(nameof(TimestepEmbedding))
    {
        _act = act;
        _postAct = postAct;
        _linear1 = nn.Linear(inChannels, timeEmbedDim, device: device);
        _linear2 = nn.Linear(timeEmbedDim, timeEmbedDim, device: device);
        RegisterComponents();
    }

    /// <param name="sample">(N, in_channels).</param>
    /// <returns>(N, time_embed_dim).</returns>
    public override Tensor forward(Tensor sample)
    {
        using var scope = NewDisposeScope();
        var hidden = DiffusionActivation.Apply(_act, _linear1.forward(sample));   // (N, in) -> (N, D)
        hidden = _linear2.forward(hidden);
        if (_postAct is not null)
        {
            hidden = DiffusionActivation.Apply(_postAct, hidden);
        }

        return hidden.MoveToOuterDisposeScope();
    }
}
