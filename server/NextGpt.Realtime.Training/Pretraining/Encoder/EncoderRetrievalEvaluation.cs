using System.Text.Json;
using NextGpt.Realtime.Modeling.Encoders.ImageBind;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Pretraining.Encoder;

/// <summary>
/// Attribute-level retrieval on held-out media: each item's embedding picks the nearest of the distinct captions of its
/// medium's held-out set (the text tower's embeddings); an attribute (colour, shape, sound kind, motion...) counts as
/// right when the picked caption's item has the same value. Also the exact caption match rate.
/// </summary>
public static class EncoderRetrievalEvaluation
{
    /// <param name="Accuracy">Per medium, per attribute and "caption": the fraction retrieved correctly.</param>
    public sealed record Result(int ItemsPerMedium, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Accuracy)
    {
        public void Save(string path)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllText(path, JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true }));
        }
    }

    public static Result Run(ImageBindModel encoder, CaptionEmbedder text, IReadOnlyList<EncoderMediaSet> heldOut)
    {
        encoder.eval();
        text.Model.eval();
        var accuracy = new Dictionary<string, IReadOnlyDictionary<string, double>>();
        foreach (var set in heldOut)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var candidates = set.Captions.Distinct(StringComparer.Ordinal).ToList();
            var owner = candidates.Select(c => set.Captions.ToList().IndexOf(c)).ToList();
            var captionEmbeddings = cat(candidates.Chunk(64).Select(chunk => text.Embed(chunk)).ToList(), 0);        // (C, D)
            var mediaEmbeddings = cat(Enumerable.Range(0, (set.Count + 15) / 16).Select(chunk =>
            {
                var rows = set.Inputs.narrow(0, chunk * 16, Math.Min(16, set.Count - (chunk * 16)));
                return ContrastiveAlignmentObjective.EmbedMedia(encoder, set, rows);
            }).ToList(), 0);                                                                                        // (N, D)
            var best = matmul(mediaEmbeddings, captionEmbeddings.t()).argmax(1).data<long>().ToArray();            // (N)
            var correct = new Dictionary<string, int>();
            var counted = new Dictionary<string, int>();
            for (var i = 0; i < set.Count; i++)
            {
                var picked = owner[(int)best[i]];
                foreach (var (attribute, value) in set.Attributes[i])
                {
                    counted[attribute] = counted.GetValueOrDefault(attribute) + 1;
                    var match = set.Attributes[picked].TryGetValue(attribute, out var other) && other == value;
                    correct[attribute] = correct.GetValueOrDefault(attribute) + (match ? 1 : 0);
                }

                counted["caption"] = counted.GetValueOrDefault("caption") + 1;
                correct["caption"] = correct.GetValueOrDefault("caption") + (candidates[(int)best[i]] == set.Captions[i] ? 1 : 0);
            }

            accuracy[set.Kind.ToString().ToLowerInvariant()] = counted.ToDictionary(c => c.Key, c => (double)correct[c.Key] / c.Value);
        }

        return new Result(heldOut.Count == 0 ? 0 : heldOut[0].Count, accuracy);
    }
}
