using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Training.Loop;
using NextGpt.Realtime.Training.Pretraining.Image;
using TorchSharp.Modules;

namespace NextGpt.Realtime.Training.Pretraining.Video;

/// <summary>
/// Text-to-video latent diffusion as ModelScope / Zeroscope train it (Wang et al. 2023): the UNet3D predicts the noise
/// added to a clip's frame latents (the image VAE's, frame by frame) at one timestep per clip, conditioned by the frozen
/// CLIP conditioning of the caption, with the same caption dropout as the image decoder for classifier-free guidance.
/// </summary>
public sealed class VideoDiffusionObjective : ITrainingObjective
{
    private readonly UNet3DConditionModel _unet;
    private readonly LatentSet _latents;
    private readonly DdpmNoising _noising;
    private readonly int _batchSize;
    private readonly double _captionDropout;

    /// <param name="latents">(N, C, F, h, w) clip latents with (N, L, D) caption conditioning.</param>
    public VideoDiffusionObjective(UNet3DConditionModel unet, LatentSet latents, DdpmNoising noising, int batchSize, double captionDropout)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (captionDropout is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(captionDropout), captionDropout, "The caption dropout is a probability below 1.");
        }

        _unet = unet;
        _latents = latents;
        _noising = noising;
        _batchSize = batchSize;
        _captionDropout = captionDropout;
        TrainableParameters = unet.named_parameters().Select(p => (p.name, p.parameter)).ToList();
        foreach (var (_, parameter) in TrainableParameters)
        {
            parameter.requires_grad = true;
        }
    }

    public IReadOnlyList<(string Name, Parameter Parameter)> TrainableParameters { get; }

    public TrainingLoss Loss(long step)
    {
        _unet.train();
        var (clean, conditioning) = _latents.Sample(_batchSize, _captionDropout);               // (B, C, F, h, w), (B, L, D)
        var (noisy, target, timesteps) = _noising.Apply(clean);
        var predicted = _unet.forward(noisy, timesteps, conditioning);                           // (B, C, F, h, w)
        return new TrainingLoss(_noising.MinSnrLoss(predicted, target, timesteps), new Dictionary<string, double>());
    }
}
