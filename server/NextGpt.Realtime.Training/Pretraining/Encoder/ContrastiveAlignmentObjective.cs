using NextGpt.Realtime.Modeling.Encoders.ImageBind;
using NextGpt.Realtime.Training.Loop;
using NextGpt.Realtime.Training.Objectives;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Pretraining.Encoder;

/// <summary>
/// ImageBind's objective (Girdhar et al. 2023, eq. 1): symmetric InfoNCE between each medium's normalised embeddings and
/// its captions' (here the text tower trains too, as nothing pretrained exists), summed over images, sounds and clips.
/// Items of a batch that share a caption are all positives of it (the world repeats captions, and calling them negatives
/// would push identical meanings apart). A fifth of captions are paraphrases.
/// </summary>
public sealed class ContrastiveAlignmentObjective : ITrainingObjective
{
    public const double ParaphraseRate = 0.2;

    private readonly ImageBindModel _encoder;
    private readonly CaptionEmbedder _text;
    private readonly IReadOnlyList<(EncoderMediaSet Set, BatchOrder Order)> _sets;
    private readonly int _seed;

    public ContrastiveAlignmentObjective(ImageBindModel encoder, CaptionEmbedder text, IReadOnlyList<EncoderMediaSet> sets, int batchSize,
        int seed)
    {
        _encoder = encoder;
        _text = text;
        _seed = seed;
        _sets = sets.Select(set => (set, new BatchOrder(set.Count, set.Kind == EncoderMediaKind.Video ? Math.Max(2, batchSize / 2) : batchSize,
            StableSeed.Mix(seed, (long)set.Kind)))).ToList();
        TrainableParameters = encoder.named_parameters().Select(p => ("encoder." + p.name, p.parameter))
            .Concat(text.Model.named_parameters().Select(p => ("text_encoder." + p.name, p.parameter)))
            .ToList();
    }

    public IReadOnlyList<(string Name, Parameter Parameter)> TrainableParameters { get; }

    /// <summary>Embeds (B, K, ...) inputs: each distinct clip through the medium's tower, then ImageBind's clip mean
    /// (weighted by how many clips each stands for).</summary>
    /// <returns>(B, D).</returns>
    public static Tensor EmbedMedia(ImageBindModel encoder, EncoderMediaSet set, Tensor inputs)
    {
        using var scope = NewDisposeScope();
        var (batch, clips) = (inputs.shape[0], inputs.shape[1]);
        var flat = inputs.reshape([batch * clips, .. inputs.shape[2..]]);
        var modality = set.Kind == EncoderMediaKind.Audio ? ImageBindModality.Audio : ImageBindModality.Vision;
        var embeddings = encoder.Encode(modality, flat).view(batch, clips, -1);               // (B, K, D)
        return (embeddings * set.ClipWeights.view(1, -1, 1)).sum(1).MoveToOuterDisposeScope();   // (B, D)
    }

    public TrainingLoss Loss(long step)
    {
        _encoder.train();
        _text.Model.train();
        var random = new Random(StableSeed.Mix(_seed, step, 17));
        var parts = new Dictionary<string, double>();
        Tensor? total = null;
        foreach (var (set, order) in _sets)
        {
            var indices = order.IndicesAt(step);
            var media = EmbedMedia(_encoder, set, set.Inputs.index_select(0, tensor(indices.Select(i => (long)i).ToArray())));   // (B, D)
            var captions = indices.Select(i => random.NextDouble() < ParaphraseRate
                ? set.Paraphrases[i][random.Next(set.Paraphrases[i].Count)]
                : set.Captions[i]).ToList();
            var text = _text.Embed(captions);                                                    // (B, D)
            var loss = InfoNce(media, text, indices.Select(i => set.Captions[i]).ToList());
            parts[set.Kind.ToString().ToLowerInvariant()] = loss.item<float>();
            total = total is null ? loss : total + loss;
        }

        return new TrainingLoss(total!, parts);
    }

    /// <summary>Symmetric cross-entropy of (B, B) similarities / temperature against targets spread evenly over the items
    /// with the same caption.</summary>
    public static Tensor InfoNce(Tensor media, Tensor text, IReadOnlyList<string> sameness)
    {
        var count = sameness.Count;
        var same = new float[count * count];
        for (var i = 0; i < count; i++)
        {
            for (var j = 0; j < count; j++)
            {
                same[(i * count) + j] = sameness[i] == sameness[j] ? 1 : 0;
            }
        }

        var targets = tensor(same, [count, count]);
        targets = targets / targets.sum(1, keepdim: true);                                       // (B, B), rows sum to 1
        var logits = matmul(media, text.t()) / EncoderPreset.Temperature;                        // (B, B)
        var mediaToText = -(targets * nn.functional.log_softmax(logits, 1)).sum(1).mean();
        var textToMedia = -(targets * nn.functional.log_softmax(logits.t(), 1)).sum(1).mean();
        return (mediaToText + textToMedia) / 2;
    }
}
