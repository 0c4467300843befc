using NextGpt.Realtime.Modeling.Tokenization;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Server.Inference;

/// <summary>
/// A medium whose signal run is complete, waiting for its decoder: the output projector's conditioning (owned; disposed
/// with the job), the part id its events carry, and the diffusion seed.
/// </summary>
public sealed class MediaJob(ActiveTurn turn, int partId, SignalModality modality, Tensor conditioning, long seed) : IDisposable
{
    public ActiveTurn Turn { get; } = turn;

    public int PartId { get; } = partId;

    public SignalModality Modality { get; } = modality;

    /// <summary>(1, N_out, D_out) for images and video, (1, 1, 512) for audio: the decoder's conditioning.</summary>
    public Tensor Conditioning { get; } = conditioning;

    public long Seed { get; } = seed;

    public void Dispose() => Conditioning.Dispose();
}
