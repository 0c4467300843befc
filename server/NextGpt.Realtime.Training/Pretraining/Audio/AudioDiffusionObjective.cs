using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clap;
using NextGpt.Realtime.Modeling.Schedulers;
using NextGpt.Realtime.Training.Loop;
using NextGpt.Realtime.Training.Objectives;
using NextGpt.Realtime.Training.World;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Pretraining.Audio;

/// <summary>
/// AudioLDM's diffusion objective with its CLAP text tower trained jointly (nothing pretrained exists in this world): the
/// UNet predicts the noise added to the scaled mel-VAE latents at a uniform timestep, conditioned through
/// <c>class_labels</c> on the L2-normalised projected CLAP embedding of the caption (AudioLDM's <c>_encode_prompt</c>).
/// A tenth of captions become "" (classifier-free guidance's unconditional embedding, Ho and Salimans 2022), and a fifth
/// are paraphrases, so the text tower learns the world's wording and not only the canonical captions.
/// </summary>
public sealed class AudioDiffusionObjective : ITrainingObjective, IDisposable
{
    public const double CaptionDropout = 0.1;
    public const double ParaphraseRate = 0.2;

    private readonly UNet2DConditionModel _unet;
    private readonly ClapTextModelWithProjection _textEncoder;
    private readonly CaptionTokens _tokens;
    private readonly SoundCorpus _corpus;
    private readonly Tensor _latentMean;
    private readonly Tensor _latentStd;
    private readonly IScheduler _noising;
    private readonly int _trainTimesteps;
    private readonly BatchOrder _order;
    private readonly int _seed;

    /// <param name="latentMean">(N, C, h, w) scaled posterior means of the corpus' mels.</param>
    /// <param name="latentStd">(N, C, h, w) scaled posterior standard deviations (latents are sampled each step, as LDM).</param>
    public AudioDiffusionObjective(UNet2DConditionModel unet, ClapTextModelWithProjection textEncoder, CaptionTokens tokens,
        SoundCorpus corpus, Tensor latentMean, Tensor latentStd, SchedulerConfig scheduler, int batchSize, int seed)
    {
        _unet = unet;
        _textEncoder = textEncoder;
        _tokens = tokens;
        _corpus = corpus;
        _latentMean = latentMean;
        _latentStd = latentStd;
        _noising = SchedulerFactory.Create(scheduler);
        _trainTimesteps = scheduler.NumTrainTimesteps;
        _order = new BatchOrder(corpus.Count, batchSize, seed);
        _seed = seed;
        TrainableParameters = unet.named_parameters().Select(p => ("unet." + p.name, p.parameter))
            .Concat(textEncoder.named_parameters().Select(p => ("text_encoder." + p.name, p.parameter)))
            .ToList();
    }

    public IReadOnlyList<(string Name, Parameter Parameter)> TrainableParameters { get; }

    /// <summary>The caption a sound is trained with at a step: "", one of its paraphrases, or its canonical caption.</summary>
    public static string CaptionFor(CaptionedMedia media, Random random)
    {
        var draw = random.NextDouble();
        return draw < CaptionDropout ? ""
            : draw < CaptionDropout + ParaphraseRate ? media.Paraphrases[random.Next(media.Paraphrases.Count)]
            : media.Caption;
    }

    public TrainingLoss Loss(long step)
    {
        _unet.train();
        _textEncoder.train();
        var random = new Random(StableSeed.Mix(_seed, step, 11));
        var indices = _order.IndicesAt(step);
        var captions = indices.Select(i => CaptionFor(_corpus.Media[i], random)).ToList();
        var (ids, mask) = _tokens.Batch(captions);                                                // (B, L)
        var conditioning = _textEncoder.EncodePrompt(ids, mask);                                  // (B, P), unit length

        var rows = tensor(indices.Select(i => (long)i).ToArray());
        var mean = _latentMean.index_select(0, rows);
        var latents = mean + (_latentStd.index_select(0, rows) * randn_like(mean));              // (B, C, h, w)
        var noise = randn_like(latents);
        var timesteps = randint(0, _trainTimesteps, [indices.Count], dtype: ScalarType.Int64);    // (B)
        var noisy = _noising.AddNoise(latents, noise, timesteps);
        var predicted = _unet.forward(new UNet2DConditionInput(noisy, timesteps, ClassLabels: conditioning));
        var loss = nn.functional.mse_loss(predicted, noise);
        return new TrainingLoss(loss, new Dictionary<string, double>());
    }

    public void Dispose() => _noising.Dispose();
}
