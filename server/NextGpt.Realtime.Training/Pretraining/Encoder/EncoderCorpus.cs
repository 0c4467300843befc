using NextGpt.Realtime.Modeling.Encoders.ImageBind;
using NextGpt.Realtime.Modeling.Encoders.ImageBind.Preprocessing;
using NextGpt.Realtime.Modeling.Media.Audio;
using NextGpt.Realtime.Training.World;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Pretraining.Encoder;

/// <summary>
/// World media through exactly the preprocessing the server applies to uploads (ImageBindMediaEncoder: ImageBind's image
/// transform, its audio transform of three 2 s clips, its video reading of five two-frame clips with three crops each),
/// with each item's ground-truth attributes for attribute-level retrieval scores.
/// </summary>
public static class EncoderCorpus
{
    public static EncoderMediaSet Images(WorldSplit split, int count, ImageBindConfig config)
    {
        var world = new EmberfallWorld(split);
        var media = Enumerable.Range(0, count).Select(seed => world.Image(seed)).ToList();
        using var scope = NewDisposeScope();
        var inputs = stack(media.Select(m => ImageBindImageTransform.Apply(((ImageMedia)m.Media).Render(), config.ImageSize)).ToList())
            .unsqueeze(1);                                                                   // (N, 1, 3, S, S)
        return Set(EncoderMediaKind.Image, media, inputs, ones(1), m =>
        {
            var first = ((ImageMedia)m.Media).Scene.Objects[0];
            var scene = ((ImageMedia)m.Media).Scene;
            return new Dictionary<string, string>
            {
                ["color"] = WorldWords.Word(first.Color),
                ["shape"] = WorldWords.Word(first.Shape),
                ["background"] = WorldWords.Word(scene.Background),
            };
        });
    }

    public static EncoderMediaSet Sounds(WorldSplit split, int count)
    {
        var world = new EmberfallWorld(split);
        var media = Enumerable.Range(0, count).Select(seed => world.Sound(seed)).ToList();
        using var scope = NewDisposeScope();
        var clips = stack(media.Select(m => ImageBindAudioTransform.Apply(
            new PcmAudio(WorldFormat.SampleRate, [((SoundMedia)m.Media).Render()]))).ToList());          // (N, 3, 1, 128, 204)
        var (distinct, weights) = DistinctClips(clips);
        return Set(EncoderMediaKind.Audio, media, clips.index_select(1, distinct), weights, m =>
        {
            var sound = ((SoundMedia)m.Media).Sound;
            var attributes = new Dictionary<string, string> { ["kind"] = WorldWords.Word(sound.Kind), ["pattern"] = WorldWords.Word(sound.Pattern) };
            if (sound.Pitch is { } pitch)
            {
                attributes["pitch"] = WorldWords.Word(pitch);
            }

            return attributes;
        });
    }

    public static EncoderMediaSet Clips(WorldSplit split, int count, ImageBindConfig config)
    {
        var world = new EmberfallWorld(split);
        var media = Enumerable.Range(0, count).Select(seed => world.Clip(seed)).ToList();
        using var scope = NewDisposeScope();
        var clips = stack(media.Select(m =>
        {
            var frames = ((ClipMedia)m.Media).Render().Frames;
            var pairs = ImageBindVideoTransform.FrameIndices(frames.Count, WorldFormat.ClipFramesPerSecond)
                .Select(pair => pair.Select(i => frames[(int)i]).ToArray())
                .ToArray();
            return ImageBindVideoTransform.Apply(pairs, config.ImageSize);                               // (15, 3, 2, S, S)
        }).ToList());                                                                                      // (N, 15, 3, 2, S, S)
        var (distinct, weights) = DistinctClips(clips);
        return Set(EncoderMediaKind.Video, media, clips.index_select(1, distinct), weights, m =>
        {
            var clip = ((ClipMedia)m.Media).Clip;
            return new Dictionary<string, string>
            {
                ["shape"] = WorldWords.Word(clip.Shape),
                ["color"] = WorldWords.Word(clip.Color),
                ["motion"] = WorldWords.Phrase(clip.Motion),
            };
        });
    }

    /// <summary>
    /// The clip positions that differ for some item, and how many positions each stands for (as a fraction of all):
    /// positions equal (to 1e-5) to an earlier one in every item are folded into it.
    /// </summary>
    /// <param name="clips">(N, C, ...).</param>
    public static (Tensor Distinct, Tensor Weights) DistinctClips(Tensor clips)
    {
        var count = (int)clips.shape[1];
        var representative = new int[count];
        var kept = new List<int>();
        for (var c = 0; c < count; c++)
        {
            representative[c] = c;
            foreach (var k in kept)
            {
                if (clips.select(1, c).allclose(clips.select(1, k), rtol: 0, atol: 1e-5))
                {
                    representative[c] = k;
                    break;
                }
            }

            if (representative[c] == c)
            {
                kept.Add(c);
            }
        }

        var weights = kept.Select(k => (float)representative.Count(r => r == k) / count).ToArray();
        return (tensor(kept.Select(k => (long)k).ToArray()).DetachFromDisposeScope(), tensor(weights).DetachFromDisposeScope());
    }

    private static EncoderMediaSet Set(EncoderMediaKind kind, List<CaptionedMedia> media, Tensor inputs, Tensor weights,
        Func<CaptionedMedia, IReadOnlyDictionary<string, string>> attributes) =>
        new(kind, inputs.contiguous().DetachFromDisposeScope(), weights.DetachFromDisposeScope(), media.Select(m => m.Caption).ToList(),
            media.Select(m => m.Paraphrases).ToList(), media.Select(attributes).ToList());
}
