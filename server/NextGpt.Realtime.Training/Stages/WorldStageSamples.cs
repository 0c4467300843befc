using NextGpt.Realtime.Modeling.Prompting;
using NextGpt.Realtime.Modeling.Tokenization;
using NextGpt.Realtime.Training.World;

namespace NextGpt.Realtime.Training.Stages;

/// <summary>
/// The training data of NExT-GPT's three stages, made from the Emberfall world (architecture notes section 6.1, with the
/// world standing in for CC3M / WebVid / AudioCaps and the MosIT dialogues):
/// stage 1 reads a medium and learns its caption, stage 2 reads a caption and learns the signal tokens whose projected
/// hidden states match the decoder's conditioning of it, stage 3 tunes on modality-switching dialogues in the served prompt
/// format, one sample per NPC answer with the earlier exchanges as text history.
/// </summary>
/// <param name="Embed">A medium's frozen-encoder embedding (ImageBind), as the input projector reads it.</param>
/// <param name="Condition">A caption's conditioning by the medium's decoder text encoder, row-major, as the output projector
/// must produce it.</param>
public sealed class WorldStageSamples(Func<WorldMedia, float[]> Embed, Func<SignalModality, string, float[]> Condition)
{
    public static SignalModality ModalityOf(MediaKind kind) => kind switch
    {
        MediaKind.Image => SignalModality.Image,
        MediaKind.Audio => SignalModality.Audio,
        MediaKind.Video => SignalModality.Video,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown medium."),
    };

    /// <summary>Stage 1: X -> caption for the first <paramref name="count"/> training seeds of each listed medium.</summary>
    public IReadOnlyList<TrainingSample> EncoderAlignment(int count, IReadOnlyCollection<MediaKind> media)
    {
        var world = new EmberfallWorld(WorldSplit.Train);
        return media.SelectMany(kind => Enumerable.Range(0, count).Select(seed => Captioned(world, kind, seed)))
            .Select(m => LegacyTrainingText.MediaToCaption($"{m.Media.Kind.ToString().ToLowerInvariant()}_caption", Embed(m.Media), m.Caption))
            .ToList();
    }

    /// <summary>Stage 2: caption -> caption + signal tokens, aligned to the decoder's conditioning of the caption.</summary>
    public IReadOnlyList<TrainingSample> DecoderAlignment(int count, IReadOnlyCollection<MediaKind> media)
    {
        var world = new EmberfallWorld(WorldSplit.Train);
        return media.SelectMany(kind => Enumerable.Range(0, count).Select(seed => Captioned(world, kind, seed)))
            .Select(m =>
            {
                var modality = ModalityOf(m.Media.Kind);
                return LegacyTrainingText.CaptionToSignals($"{m.Media.Kind.ToString().ToLowerInvariant()}_generation", m.Caption, modality,
                    Condition(modality, m.Caption));
            })
            .ToList();
    }

    /// <summary>Stage 3: every NPC answer of the first <paramref name="dialogues"/> training dialogues, in the served
    /// prompt format. Exchanges whose media the model cannot read or produce are left out of that model's data.</summary>
    public IReadOnlyList<TrainingSample> InstructionTuning(int dialogues, IReadOnlyCollection<MediaKind> readable,
        IReadOnlyCollection<MediaKind> producible)
    {
        var world = new EmberfallWorld(WorldSplit.Train);
        var samples = new List<TrainingSample>();
        for (var seed = 0; seed < dialogues; seed++)
        {
            var dialogue = world.Dialogue(seed);
            var history = new System.Text.StringBuilder(dialogue.Persona.Description).Append('\n');
            foreach (var (player, npc) in DialogueText.Exchanges(dialogue))
            {
                var usable = (player.Attachment is null || readable.Contains(player.Attachment.Kind))
                             && (npc.Output is null || producible.Contains(npc.Output.Kind));
                if (usable)
                {
                    samples.Add(Exchange(history.ToString(), player, npc));
                }

                history.Append(DialogueText.HistoryLine(player.Text, npc.TargetText));
            }
        }

        return samples;
    }

    private TrainingSample Exchange(string history, DialogueTurn player, DialogueTurn npc)
    {
        var segments = new List<TrainingSegment> { new PromptText(history + LegacyPromptFormat.Human) };
        if (player.Attachment is { } attachment)
        {
            segments.Add(new InputMedia(Embed(attachment)));
        }

        segments.Add(new PromptText($" {player.Text}{LegacyPromptFormat.Assistant}"));
        segments.Add(new AnswerText(" " + npc.Text));
        if (npc.Output is { } output)
        {
            var modality = ModalityOf(output.Kind);
            segments.Add(new OutputSignals(modality, Condition(modality, output.Caption)));
        }

        segments.Add(new AnswerText(DialogueText.AnswerEnd));
        var dataset = npc.Output is not null ? "mosit_text_to_media" : player.Attachment is not null ? "mosit_media_to_text" : "mosit_text";
        return new TrainingSample(dataset, segments);
    }

    private static CaptionedMedia Captioned(EmberfallWorld world, MediaKind kind, int seed) => kind switch
    {
        MediaKind.Image => world.Image(seed),
        MediaKind.Audio => world.Sound(seed),
        MediaKind.Video => world.Clip(seed),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown medium."),
    };
}
