using NextGpt.Realtime.Modeling.Projectors;
using NextGpt.Realtime.Modeling.Tokenization;
using NextGpt.Realtime.Training.Loop;
using NextGpt.Realtime.Training.Objectives;
using NextGpt.Realtime.Training.Optimization;
using NextGpt.Realtime.Training.Stages;

namespace NextGpt.Realtime.Training.Tests.Stages;

public sealed class NextGptStageObjectiveTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nextgpt-stages-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Stage_1_learns_to_caption_projected_media()
    {
        using var fixture = new StageFixture();
        var samples = fixture.Captions.Select(c => LegacyTrainingText.MediaToCaption("image_enc", fixture.MediaEmbedding(c), c)).ToList();
        var objective = new NextGptStageObjective(fixture.Llm, fixture.Tokenizer, fixture.InputProjector, fixture.OutputProjectors,
            samples, StageRecipe.EncoderAlignment, batchSize: 6, seed: 1);

        var names = objective.TrainableParameters.Select(p => p.Name).ToList();
        Assert.Contains("llama_proj.weight", names);
        Assert.Contains("llama_model.base_model.model.model.embed_tokens.weight", names);
        Assert.DoesNotContain(names, n => n.StartsWith("gen_text_hidden_fcs", StringComparison.Ordinal));

        var losses = Train(objective, steps: 60);
        Assert.True(losses.TakeLast(5).Average(p => p["ce"]) < 0.5 * losses.Take(3).Average(p => p["ce"]));
    }

    [Fact]
    public void Stage_2_lowers_both_the_language_loss_and_the_l2_alignment()
    {
        using var fixture = new StageFixture();
        var samples = fixture.Captions.SelectMany(c => new[]
        {
            LegacyTrainingText.CaptionToSignals("cc3m_dec", c, SignalModality.Image, fixture.Target(c, SignalModality.Image)),
            LegacyTrainingText.CaptionToSignals("audiocap_dec", c, SignalModality.Audio, fixture.Target(c, SignalModality.Audio)),
        }).ToList();
        var objective = new NextGptStageObjective(fixture.Llm, fixture.Tokenizer, fixture.InputProjector, fixture.OutputProjectors,
            samples, StageRecipe.DecoderAlignment, batchSize: 6, seed: 1);

        Assert.Contains("gen_text_hidden_fcs.0.query_embs", objective.TrainableParameters.Select(p => p.Name));
        Assert.DoesNotContain("llama_proj.weight", objective.TrainableParameters.Select(p => p.Name));
        var losses = Train(objective, steps: 80);
        foreach (var key in new[] { "ce", "l2_image", "l2_audio" })
        {
            var values = losses.Where(p => p.ContainsKey(key)).Select(p => p[key]).ToList();
            Assert.True(values.TakeLast(5).Average() < 0.6 * values.Take(3).Average(),
                $"{key} went from {values.Take(3).Average():F3} to {values.TakeLast(5).Average():F3}");
        }
    }

    [Fact]
    public void Stage_3_tunes_lora_and_both_projectors_on_mixed_dialogues()
    {
        using var fixture = new StageFixture(withLora: true);
        var samples = fixture.Captions.Select(c => new TrainingSample("mosit",
        [
            new PromptText(LegacyTrainingText.HumanPrefix + SignalTokens.ImageStartText),
            new InputMedia(fixture.MediaEmbedding(c)),
            new PromptText($"{SignalTokens.ImageEndText} make a clip of it{LegacyTrainingText.AssistantPrefix}"),
            new AnswerText("here it is"),
            new OutputSignals(SignalModality.Video, fixture.Target(c, SignalModality.Video)),
            new AnswerText(LegacyTrainingText.TurnEnd),
        ])).ToList();
        var objective = new NextGptStageObjective(fixture.Llm, fixture.Tokenizer, fixture.InputProjector, fixture.OutputProjectors,
            samples, StageRecipe.InstructionTuning, batchSize: 4, seed: 1);

        var names = objective.TrainableParameters.Select(p => p.Name).ToList();
        Assert.Contains("llama_model.base_model.model.model.layers.0.self_attn.q_proj.lora_A.default.weight", names);
        Assert.Contains("llama_proj.bias", names);
        Assert.Contains("gen_text_hidden_fcs_video.0.fc.weight", names);
        Assert.DoesNotContain(names, n => n.EndsWith("q_proj.weight", StringComparison.Ordinal));
        var losses = Train(objective, steps: 40);
        var l2 = losses.Select(p => p["l2_video"]).ToList();
        Assert.True(l2.TakeLast(5).Average() < 0.7 * l2.Take(3).Average(), $"l2_video went from {l2.Take(3).Average():F3} to {l2.TakeLast(5).Average():F3}");
    }

    [Fact]
    public void Tokenized_samples_put_media_signals_and_labels_where_the_legacy_prompt_has_them()
    {
        using var fixture = new StageFixture();
        var caption = fixture.Captions[0];
        var stage1 = TokenizedSample.From(LegacyTrainingText.MediaToCaption("d", fixture.MediaEmbedding(caption), caption), fixture.Tokenizer);
        var stage2 = TokenizedSample.From(
            LegacyTrainingText.CaptionToSignals("d", caption, SignalModality.Image, fixture.Target(caption, SignalModality.Image)), fixture.Tokenizer);

        Assert.Equal(fixture.Tokenizer.SpecialIds.Bos, stage1.InputIds[0]);
        var mediaPosition = Assert.Single(stage1.Media).Position;
        Assert.Equal(fixture.Tokenizer.Signals.ImageStart, stage1.InputIds[mediaPosition - 1]);
        Assert.Equal(fixture.Tokenizer.Signals.ImageEnd, stage1.InputIds[mediaPosition + 1]);
        var firstLearned = Array.FindIndex(stage1.Labels, l => l != -100);
        Assert.Equal(caption + LegacyTrainingText.TurnEnd,
            fixture.Tokenizer.Decode(stage1.InputIds[firstLearned..].Select(id => (int)id).ToList(), skipSpecialTokens: true));

        var run = Assert.Single(stage2.Signals);
        Assert.Equal(fixture.Tokenizer.Signals.Image.Select(id => (long)id), run.Positions.Select(p => stage2.InputIds[p]));
        Assert.All(run.Positions, p => Assert.Equal(stage2.InputIds[p], stage2.Labels[p]));
    }

    [Fact]
    public void Samples_the_stage_cannot_use_are_refused_with_the_reason()
    {
        using var fixture = new StageFixture();
        var caption = fixture.Captions[0];
        var media = new[] { LegacyTrainingText.MediaToCaption("d", fixture.MediaEmbedding(caption), caption) };
        var noInputProjector = Assert.Throws<ArgumentException>(() => new NextGptStageObjective(fixture.Llm, fixture.Tokenizer, null,
            fixture.OutputProjectors, media, StageRecipe.EncoderAlignment, 1, 1));
        Assert.Contains("no input projector", noInputProjector.Message, StringComparison.Ordinal);

        var audio = new[] { LegacyTrainingText.CaptionToSignals("d", caption, SignalModality.Audio, fixture.Target(caption, SignalModality.Audio)) };
        var imageOnly = new Dictionary<SignalModality, OutputProjector> { [SignalModality.Image] = fixture.OutputProjectors[SignalModality.Image] };
        var noProjector = Assert.Throws<ArgumentException>(() => new NextGptStageObjective(fixture.Llm, fixture.Tokenizer, null,
            imageOnly, audio, StageRecipe.DecoderAlignment, 1, 1));
        Assert.Contains("no Audio output projector", noProjector.Message, StringComparison.Ordinal);

        var lora = Assert.Throws<ArgumentException>(() => new NextGptStageObjective(fixture.Llm, fixture.Tokenizer, fixture.InputProjector,
            fixture.OutputProjectors, media, StageRecipe.InstructionTuning, 1, 1));
        Assert.Contains("without adapters", lora.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_order_is_the_same_in_every_process()
    {
        // Fixed values: a seed derived from a per-process randomised hash would change them between runs and break resume.
        Assert.Equal([2, 1, 6], new BatchOrder(count: 10, batchSize: 3, seed: 5).IndicesAt(0));
        Assert.Equal(StableSeed.Mix(5, StableSeed.Of("cc3m_dec")), StableSeed.Mix(5, StableSeed.Of("cc3m_dec")));
    }

    private List<IReadOnlyDictionary<string, double>> Train(ITrainingObjective objective, long steps)
    {
        var parts = new List<IReadOnlyDictionary<string, double>>();
        var options = new TrainingOptions
        {
            TotalSteps = steps,
            Schedule = new WarmupDecaySchedule(maxLr: 3e-3, totalSteps: steps, warmupSteps: 4),
            CheckpointEvery = 1000,
        };
        new TrainingRun(objective, options, Path.Combine(_root, Guid.NewGuid().ToString("N"))).Run(new Recorder(p => parts.Add(p.Parts)));
        return parts;
    }

    private sealed class Recorder(Action<TrainingProgress> onStep) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => onStep(value);
    }
}
