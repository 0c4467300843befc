using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clap;

/// <summary>tanh(dense(first token)): the pooled &lt;s&gt; state (transformers' ClapTextPooler, from BertPooler).</summary>
public sealed class ClapTextPooler : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "dense")] private readonly Linear _dense;

    public ClapTextPooler(ClapTextConfig config, Device? device = null) : base(nameof(ClapTextPooler))
    {
        _dense = nn.Linear(config.HiddenSize, config.HiddenSize, device: device);
        RegisterComponents();
    }

    /// <param name="hiddenStates">(B, T, D).</param>
    /// <returns>(B, D).</returns>
    public override Tensor forward(Tensor hiddenStates)
    {
        using var scope = NewDisposeScope();
        var first = hiddenStates.select(1, 0);                                  // (B, T, D) -> (B, D)
        return tanh(_dense.forward(first)).MoveToOuterDisposeScope();
    }
}
