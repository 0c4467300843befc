using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Diffusion;

/// <summary>
/// Sinusoidal timestep features (diffusers models/embeddings.py <c>Timesteps</c> / <c>get_timestep_embedding</c>, after
/// DDPM): <c>exp(-ln(10000) * i / (half - shift))</c> frequencies, <c>[sin, cos]</c> (or <c>[cos, sin]</c> when flipped).
/// No weights. Timesteps may be fractional (Euler's are) and are converted to float32 as diffusers does.
/// </summary>
public sealed class Timesteps : nn.Module<Tensor, Tensor>
{
    private const double MaxPeriod = 10000.0;

    private readonly int _numChannels;
    private readonly bool _flipSinToCos;
    private readonly double _downscaleFreqShift;

    public Timesteps(int numChannels, bool flipSinToCos, double downscaleFreqShift) : base(nameof(Timesteps))
    {
        _numChannels = numChannels;
        _flipSinToCos = flipSinToCos;
        _downscaleFreqShift = downscaleFreqShift;
    }

    /// <param name="timesteps">(N) timesteps of any numeric dtype.</param>
    /// <returns>(N, num_channels) float32.</returns>
    public override Tensor forward(Tensor timesteps)
    {
        if (timesteps.dim() != 1)
        {
            throw new ArgumentException($"Timesteps must be a 1-D tensor, got shape [{string.Join(", ", timesteps.shape)}].", nameof(timesteps));
        }

        using var scope = NewDisposeScope();
        var half = _numChannels / 2;
        // Same operation order as get_timestep_embedding so float32 rounding matches.
        var exponent = arange(0, half, dtype: ScalarType.Float32, device: timesteps.device) * -Math.Log(MaxPeriod);
        exponent = exponent / (half - _downscaleFreqShift);
        var frequencies = exponent.exp();                                                       // (half)
        var angles = timesteps.unsqueeze(1).to_type(ScalarType.Float32) * frequencies.unsqueeze(0); // (N, half)
        var embedding = cat([angles.sin(), angles.cos()], dim: -1);                                  // (N, 2 half)
        if (_flipSinToCos)
        {
            embedding = cat([embedding[.., half..], embedding[.., ..half]], dim: -1);
        }

        if (_numChannels % 2 == 1)
        {
            embedding = nn.functional.pad(embedding, [0, 1, 0, 0]);                                  // (N, num_channels)
        }

        return embedding.MoveToOuterDisposeScope();
    }
}
