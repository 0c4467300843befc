using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Audio.Vocoder;

/// <summary>
/// HiFi-GAN's multi-receptive-field residual block (transformers' HifiGanResidualBlock; Kong et al. 2020, ResBlock1):
/// for each dilation d, x += conv2(lrelu(conv1_d(lrelu(x)))), conv1 dilated by d, conv2 undilated, lengths preserved.
/// Keys <c>convs1.{k}.*</c>, <c>convs2.{k}.*</c>.
/// </summary>
public sealed class HifiGanResidualBlock : nn.Module<Tensor, Tensor>
{
    private readonly double _slope;

    [ComponentName(Name = "convs1")] private readonly ModuleList<Conv1d> _convs1;
    [ComponentName(Name = "convs2")] private readonly ModuleList<Conv1d> _convs2;

    public HifiGanResidualBlock(int channels, int kernelSize, IReadOnlyList<int> dilations, double leakyReluSlope, Device? device = null)
        : base(nameof(HifiGanResidualBlock))
    {
        _slope = leakyReluSlope;
        _convs1 = new ModuleList<Conv1d>(dilations.Select(d => nn.Conv1d(channels, channels, kernelSize, padding: (kernelSize * d - d) / 2,
            dilation: d, device: device)).ToArray());
        _convs2 = new ModuleList<Conv1d>(dilations.Select(_ => nn.Conv1d(channels, channels, kernelSize, padding: (kernelSize - 1) / 2,
            device: device)).ToArray());
        Radius = dilations.Sum(d => (d + 1) * (kernelSize - 1) / 2);
        RegisterComponents();
    }

    /// <summary>How many samples either side of a position its output depends on.</summary>
    public int Radius { get; }

    /// <param name="hiddenStates">(B, C, L).</param>
    /// <returns>(B, C, L).</returns>
    public override Tensor forward(Tensor hiddenStates)
    {
        using var scope = NewDisposeScope();
        var x = hiddenStates;
        for (var i = 0; i < _convs1.Count; i++)
        {
            var inner = _convs1[i].forward(nn.functional.leaky_relu(x, _slope));
            x = _convs2[i].forward(nn.functional.leaky_relu(inner, _slope)) + x;
        }

        return x.MoveToOuterDisposeScope();
    }
}
