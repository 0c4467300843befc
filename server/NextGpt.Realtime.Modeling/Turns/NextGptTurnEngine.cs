using System.Diagnostics;
using System.Text;
using NextGpt.Realtime.Modeling.Generation;
using NextGpt.Realtime.Modeling.Pipelines;
using NextGpt.Realtime.Modeling.Prompting;
using NextGpt.Realtime.Modeling.Tokenization;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Turns;

/// <summary>
/// One any-to-any turn through NExT-GPT (paper section 3; architecture notes sections 2.1 and 5.3): input media become
/// projected LLM tokens inside the legacy prompt, the LLM's reply streams out token by token, every complete signal run
/// ([IMG0..3], [AUD0..7], [VID0..23]) is gathered (last-layer hidden states at the signal tokens' input positions plus their input
/// embeddings), mapped by the medium's output projector to the decoder's conditioning, and decoded with progress. Runs
/// synchronously on the calling thread, which must be the thread that owns the model; cancellation is checked between
/// LLM steps and between denoising steps. Decoders run after the reply's last token (the signal runs close the reply, as
/// the world's NPCs speak first and then emit them); the text is never held back.
/// </summary>
public sealed class NextGptTurnEngine(NextGptModel model)
{
    private const string TurnEnd = "###";

    public TurnResult Run(TurnInput input, TurnSettings settings, ITurnObserver observer, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(input.UserText, nameof(input));
        var allowed = (input.Allowed ?? model.ProducibleMedia).Where(model.ProducibleMedia.Contains).ToHashSet();
        var required = (input.Required ?? new HashSet<SignalModality>()).ToList();
        var unavailable = required.Where(m => !allowed.Contains(m)).ToList();
        if (unavailable.Count > 0)
        {
            throw new ArgumentException($"{string.Join(", ", unavailable)} output is required but this model cannot produce it or it is not allowed.");
        }

        var tooLong = required.Where(m => model.Tokenizer.Signals.For(m).Count > settings.MaxNewTokens).ToList();
        if (tooLong.Count > 0)
        {
            throw new ArgumentException($"{tooLong[0]} output is required but its {model.Tokenizer.Signals.For(tooLong[0]).Count} " +
                $"signal tokens do not fit in {settings.MaxNewTokens} new tokens.");
        }

        using var scope = NewDisposeScope();
        var clock = Stopwatch.StartNew();
        using var noGrad = no_grad();
        var prompt = TurnPrompt.Assemble(model, input);
        var runs = allowed.Select(m => model.Tokenizer.Signals.For(m).Select(id => (long)id).ToArray()).ToList();
        var options = new GenerationOptions(
            settings.MaxNewTokens,
            new HashSet<long> { model.Tokenizer.SpecialIds.Eos },
            settings.Sampling,
            StopStrings: [TurnEnd],
            ForcedRuns: runs,
            RequiredRuns: required.Select(m => model.Tokenizer.Signals.For(m).Select(id => (long)id).ToArray()).ToList());

        var tokens = new List<GeneratedToken>();
        var reply = new StringBuilder();
        var firstToken = TimeSpan.Zero;
        foreach (var token in new TextGenerator(model.Llm).GenerateFromEmbeddings(prompt.InputsEmbeds, options,
                     prompt.TokenIds.Where(id => id >= 0).ToList(), model.Tokenizer, cancellationToken))
        {
            if (tokens.Count == 0)
            {
                firstToken = clock.Elapsed;
            }

            tokens.Add(token);
            if (model.Tokenizer.Signals.ModalityOf((int)token.Id) is null && token.Text.Length > 0)
            {
                reply.Append(token.Text);
                observer.OnText(token.Text);
            }
        }

        var languageModelTime = clock.Elapsed;
        var produced = Decode(tokens, allowed, settings, observer, cancellationToken);
        return new TurnResult(reply.ToString().Trim(), prompt.Length, tokens.Count, produced, firstToken, languageModelTime,
            clock.Elapsed - languageModelTime);
    }

    private List<SignalModality> Decode(IReadOnlyList<GeneratedToken> tokens, IReadOnlySet<SignalModality> allowed, TurnSettings settings,
        ITurnObserver observer, CancellationToken cancellationToken)
    {
        var produced = new List<SignalModality>();
        var spans = new SignalTokenGatherer(model.Tokenizer.Signals, model.Llm.Model.Embed).Gather(tokens);
        foreach (var span in spans.Where(s => allowed.Contains(s.Modality)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var partId = produced.Count + 1;
            observer.OnMediaStarted(partId, span.Modality);
            var projector = model.OutputProjectors[span.Modality];
            var conditioning = projector.forward(span.HiddenStates.to(projector.parameters().First().dtype),
                span.InputEmbeds.to(projector.parameters().First().dtype));                      // (1, N_out, D_out)
            var seed = settings.Seed + produced.Count;
            switch (span.Modality)
            {
                case SignalModality.Image:
                    DecodeImage(partId, conditioning, settings, seed, observer, cancellationToken);
                    break;
                case SignalModality.Audio:
                    DecodeAudio(partId, conditioning, settings, seed, observer, cancellationToken);
                    break;
                case SignalModality.Video:
                    DecodeVideo(partId, conditioning, settings, seed, observer, cancellationToken);
                    break;
                default:
                    throw new InvalidOperationException($"No decoder for {span.Modality}.");
            }

            observer.OnMediaCompleted(partId, span.Modality);
            produced.Add(span.Modality);
        }

        return produced;
    }

    private void DecodeImage(int partId, Tensor conditioning, TurnSettings settings, long seed, ITurnObserver observer,
        CancellationToken cancellationToken)
    {
        var guidance = model.ImageUnconditional is null ? 1.0 : settings.GuidanceScale;
        var options = new ImageGenerationOptions
        {
            NumInferenceSteps = settings.DiffusionSteps,
            GuidanceScale = guidance,
            Height = settings.ImageSize,
            Width = settings.ImageSize,
            Seed = seed,
            PreviewEvery = settings.PreviewEvery,
        };
        var progress = new Relay<DiffusionProgress>(p =>
        {
            if (p.Preview is { } preview)
            {
                observer.OnImagePreview(partId, preview, p.Step, p.TotalSteps);
            }
        });
        using var images = model.ImageDecoder!.Generate(conditioning, model.ImageUnconditional, options, progress, cancellationToken);
        observer.OnImage(partId, images.Images[0]);
    }

    private void DecodeVideo(int partId, Tensor conditioning, TurnSettings settings, long seed, ITurnObserver observer,
        CancellationToken cancellationToken)
    {
        var guidance = model.VideoUnconditional is null ? 1.0 : settings.GuidanceScale;
        var options = new VideoGenerationOptions
        {
            NumInferenceSteps = settings.DiffusionSteps,
            GuidanceScale = guidance,
            Height = settings.ImageSize,
            Width = settings.ImageSize,
            NumFrames = settings.VideoFrames,
            Seed = seed,
            PreviewEvery = settings.PreviewEvery,
        };
        var progress = new Relay<DiffusionEvent>(e =>
        {
            if (e is VideoFrameDecoded frame)
            {
                observer.OnVideoFrame(partId, frame.Frame, frame.Index, frame.FrameCount);
            }
        });
        using var video = model.VideoDecoder!.Generate(conditioning, model.VideoUnconditional, options, progress, cancellationToken);
    }

    // AudioLDM takes the projector's (1, 1, 512) output as a (1, 512) class embedding, without re-normalising it, as the
    // legacy code does (architecture notes section 13).
    private void DecodeAudio(int partId, Tensor conditioning, TurnSettings settings, long seed, ITurnObserver observer,
        CancellationToken cancellationToken)
    {
        var guidance = model.AudioUnconditional is null ? 1.0 : settings.GuidanceScale;
        var options = new AudioGenerationOptions
        {
            AudioLengthSeconds = settings.AudioSeconds,
            NumInferenceSteps = settings.DiffusionSteps,
            GuidanceScale = guidance,
            Seed = seed,
        };
        using var audio = model.AudioDecoder!.Generate(conditioning.reshape(1, -1), model.AudioUnconditional, options, null, cancellationToken);
        observer.OnAudio(partId, audio.Waveforms[0].to(ScalarType.Float32, CPU).data<float>().ToArray(), audio.SamplingRate);
    }

    private sealed class Relay<T>(Action<T> onReport) : IProgress<T>
    {
        public void Report(T value) => onReport(value);
    }
}
