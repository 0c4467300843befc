using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clip;
using NextGpt.Realtime.Training.Loop;
using TorchSharp.Modules;

namespace NextGpt.Realtime.Training.Pretraining.Image;

/// <summary>
/// Text-to-image latent diffusion (Rombach et al. 2022, eq. 2): the UNet predicts the noise added to scaled VAE latents at
/// a uniform timestep, conditioned by the CLIP text encoder's last hidden state, trained jointly with it end to end (no
/// pretrained CLIP exists for this world). A fraction of captions is replaced by the empty caption so the same model also
/// learns the unconditional prediction classifier-free guidance needs (Ho and Salimans 2022).
/// </summary>
public sealed class LatentDiffusionObjective : ITrainingObjective
{
    private readonly UNet2DConditionModel _unet;
    private readonly ClipTextModel _textEncoder;
    private readonly LatentSet _latents;
    private readonly DdpmNoising _noising;
    private readonly int _batchSize;
    private readonly double _captionDropout;

    public LatentDiffusionObjective(UNet2DConditionModel unet, ClipTextModel textEncoder, LatentSet latents, DdpmNoising noising,
        int batchSize, double captionDropout)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (captionDropout is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(captionDropout), captionDropout, "The caption dropout is a probability below 1.");
        }

        _unet = unet;
        _textEncoder = textEncoder;
        _latents = latents;
        _noising = noising;
        _batchSize = batchSize;
        _captionDropout = captionDropout;
        TrainableParameters = unet.named_parameters().Select(p => ("unet." + p.name, p.parameter))
            .Concat(textEncoder.named_parameters().Select(p => ("text_encoder." + p.name, p.parameter)))
            .ToList();
        foreach (var (_, parameter) in TrainableParameters)
        {
            parameter.requires_grad = true;
        }
    }

    public IReadOnlyList<(string Name, Parameter Parameter)> TrainableParameters { get; }

    public TrainingLoss Loss(long step)
    {
        _unet.train();
        _textEncoder.train();
        var (clean, ids) = _latents.Sample(_batchSize, _captionDropout);                         // (B, C, h, w), (B, L)
        var conditioning = _textEncoder.forward(ids).LastHiddenState;                             // (B, L, D)
        var (noisy, target, timesteps) = _noising.Apply(clean);
        var predicted = _unet.forward(new UNet2DConditionInput(noisy, timesteps, conditioning));  // (B, C, h, w)
        return new TrainingLoss(_noising.MinSnrLoss(predicted, target, timesteps), new Dictionary<string, double>());
    }
}
