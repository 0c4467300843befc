using System.Diagnostics;
using NextGpt.Realtime.Modeling.Media.Audio;
using NextGpt.Realtime.Modeling.Tokenization;
using NextGpt.Realtime.Modeling.Turns;
using NextGpt.Realtime.Training.Benchmark;
using NextGpt.Realtime.Training.Stages;
using NextGpt.Realtime.Training.World;
using SignalTokens = NextGpt.Realtime.Training.World.SignalTokens;

namespace NextGpt.Realtime.Training.Evaluation;

/// <summary>
/// Runs world.md's benchmark against a model on held-out dialogues (held-out NPC names and trait words, held-out seeds):
/// every exchange is one served turn (<see cref="NextGptTurnEngine"/>, the persona and the reference history as the prompt,
/// input media read by the model's own encoder), and each yields the records its intent calls for: signal emission,
/// generated media against the request, descriptions of input media, the NPC's own name. Diversity pairs are media
/// requests generated with two seeds.
/// </summary>
public sealed class WorldBenchmark(NextGptModel model, WorldBenchmarkOptions options)
{
    private readonly NextGptTurnEngine _engine = new(model);
    private readonly WorldMediaEmbedder? _embedder = model.Encoder is { } encoder ? new WorldMediaEmbedder(encoder) : null;
    private readonly Dictionary<SignalModality, List<TimeSpan>> _decodeTimes = [];
    private readonly List<TimeSpan> _firstTokens = [];

    public BenchmarkRun Run(IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var world = new EmberfallWorld(WorldSplit.HeldOut);
        var records = new List<BenchmarkRecord>();
        var exchanges = new List<EvaluatedExchange>();
        var total = options.Dialogues + options.DiversityRequests;
        for (var seed = 0; seed < options.Dialogues; seed++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            RunDialogue(world.Dialogue(seed), records, exchanges, cancellationToken);
            progress?.Report((seed + 1, total));
        }

        var diversity = new List<DiversityRecord>();
        for (var i = 0; i < options.DiversityRequests; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var request = DiversityRequest(world, i);
            if (model.ProducibleMedia.Contains(WorldStageSamples.ModalityOf(request.Media.Kind)))
            {
                var first = Generate(request.Request, null, request.Media.Kind, Seed(i, 0), cancellationToken);
                var second = Generate(request.Request, null, request.Media.Kind, Seed(i, 1), cancellationToken);
                diversity.Add(new DiversityRecord(request.Media, first, second));
            }

            progress?.Report((options.Dialogues + i + 1, total));
        }

        records.AddRange(diversity);
        return new BenchmarkRun(records, exchanges, diversity,
            _decodeTimes.ToDictionary(e => e.Key, e => (IReadOnlyList<TimeSpan>)e.Value), _firstTokens, clock.Elapsed);
    }

    private void RunDialogue(Dialogue dialogue, List<BenchmarkRecord> records, List<EvaluatedExchange> exchanges,
        CancellationToken cancellationToken)
    {
        var history = new List<PriorExchange>();
        foreach (var (player, npc) in DialogueText.Exchanges(dialogue))
        {
            var readable = player.Attachment is null || _embedder is not null;
            var producible = npc.Output is null || model.ProducibleMedia.Contains(WorldStageSamples.ModalityOf(npc.Output.Kind));
            if (readable && producible)
            {
                exchanges.Add(RunExchange(dialogue, history, player, npc, records, cancellationToken));
            }

            history.Add(new PriorExchange(player.Text, npc.TargetText));
        }
    }

    private EvaluatedExchange RunExchange(Dialogue dialogue, IReadOnlyList<PriorExchange> history, DialogueTurn player,
        DialogueTurn npc, List<BenchmarkRecord> records, CancellationToken cancellationToken)
    {
        var media = player.Attachment is { } attachment
            ? new[] { new InputEmbedding(attachment.Kind.ToString().ToLowerInvariant(), _embedder!.Embed(attachment)) }
            : null;
        var input = new TurnInput(player.Text, dialogue.Persona.Description, history, media);
        var capture = new TurnCapture();
        var result = _engine.Run(input, options.Settings with { Seed = Seed(dialogue.Seed, history.Count) }, capture, cancellationToken);
        Record(result, capture);
        var reply = result.ReplyText + string.Concat(result.Media.Select(m => SignalTokens.Span(KindOf(m))));
        records.Add(new SignalRecord(npc.Output?.Kind, reply));

        if (player.Intent == PlayerIntent.AskName)
        {
            records.Add(new PersonaNameRecord(dialogue.Persona, result.ReplyText));
        }

        if (player.Attachment is { } described && npc.Output is null)
        {
            records.Add(new DescriptionRecord(described, result.ReplyText));
            return new EvaluatedExchange(dialogue.Seed, dialogue.Persona, player.Intent, player.Text, described, reply, null, null,
                false, DescriptionParser.Score(described, result.ReplyText));
        }

        if (npc.Output is not { } asked)
        {
            return new EvaluatedExchange(dialogue.Seed, dialogue.Persona, player.Intent, player.Text, player.Attachment, reply, null,
                null, false, null);
        }

        var produced = Output(capture, asked.Kind);
        var forced = produced is null;
        produced ??= Generate(player.Text, input, asked.Kind, Seed(dialogue.Seed, history.Count), cancellationToken);
        records.Add(new GenerationRecord(asked, produced));
        return new EvaluatedExchange(dialogue.Seed, dialogue.Persona, player.Intent, player.Text, player.Attachment, reply, asked,
            produced, forced, produced.CheckAgainst(asked));
    }

    // A turn that must produce the medium: a game asking for scene content sets RequiredOutputs the same way.
    private MediaOutput Generate(string request, TurnInput? asked, MediaKind kind, long seed, CancellationToken cancellationToken)
    {
        var modality = WorldStageSamples.ModalityOf(kind);
        var input = (asked ?? new TurnInput(request)) with { Required = new HashSet<SignalModality> { modality } };
        var capture = new TurnCapture();
        var result = _engine.Run(input, options.Settings with { Seed = seed }, capture, cancellationToken);
        Record(result, capture);
        if (Output(capture, kind) is { } output)
        {
            return output;
        }

        // A long history can leave the required run no room before the model's context ends; the request alone still
        // measures the decoder.
        capture = new TurnCapture();
        result = _engine.Run(input with { History = null }, options.Settings with { Seed = seed }, capture, cancellationToken);
        Record(result, capture);
        return Output(capture, kind) ?? throw new InvalidOperationException($"A turn required to produce {kind} produced none.");
    }

    private void Record(TurnResult result, TurnCapture capture)
    {
        _firstTokens.Add(result.TimeToFirstToken);
        foreach (var (modality, time) in capture.DecodeTimes)
        {
            if (!_decodeTimes.TryGetValue(modality, out var times))
            {
                _decodeTimes[modality] = times = [];
            }

            times.Add(time);
        }
    }

    private static MediaOutput? Output(TurnCapture capture, MediaKind kind) => kind switch
    {
        MediaKind.Image => capture.Image is { } image ? new ImageOutput(image) : null,
        MediaKind.Audio => capture.Audio is { } samples ? new SoundOutput(AtWorldRate(samples, capture.AudioSampleRate)) : null,
        MediaKind.Video => capture.VideoFrames is { } frames ? new ClipOutput(new Clip(frames)) : null,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    // The sound checker reads world.md's 16 kHz; a decoder at another rate is resampled the way the server's uploads are.
    private static float[] AtWorldRate(float[] samples, int rate) => rate == WorldMediaEmbedder.SampleRate
        ? samples
        : AudioResampler.Resample(PcmAudio.Mono(rate, samples), WorldMediaEmbedder.SampleRate).Channels[0];

    private static CaptionedMedia DiversityRequest(EmberfallWorld world, int index)
    {
        var seed = 1_000_000 + index;
        return (index % 3) switch
        {
            0 => world.Image(seed),
            1 => world.Sound(seed),
            _ => world.Clip(seed),
        };
    }

    private static MediaKind KindOf(SignalModality modality) => modality switch
    {
        SignalModality.Image => MediaKind.Image,
        SignalModality.Audio => MediaKind.Audio,
        SignalModality.Video => MediaKind.Video,
        _ => throw new ArgumentOutOfRangeException(nameof(modality), modality, null),
    };

    private static long Seed(long dialogue, int exchange) => (dialogue * 1000) + exchange;
}
