using NextGpt.Realtime.Modeling.Adapters;
using NextGpt.Realtime.Modeling.LanguageModel;
using NextGpt.Realtime.Modeling.Projectors;
using NextGpt.Realtime.Training.ModelFolder;
using NextGpt.Realtime.Training.Pretraining;
using NextGpt.Realtime.Training.Pretraining.Language;
using NextGpt.Realtime.Training.Stages;

namespace NextGpt.Realtime.Training.Tests.Pretraining;

/// <summary>pretrain-llm and NExT-GPT's stages 1-3 over one model folder at the minimal preset.</summary>
public sealed class NextGptStagesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nextgpt-stages-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void The_three_stages_train_the_projectors_and_lora_and_write_a_loadable_folder()
    {
        var model = Path.Combine(_root, "model");
        var work = Path.Combine(_root, "work");
        Run(new LanguageModelPretraining(), model, work);
        StandInComponents.Write(model);
        var pretrainedEmbeddings = Embeddings(model);

        var stage1 = Run(new EncoderAlignmentStage(), model, work);
        Assert.Contains(Path.Combine(model, "input_projector"), stage1.Written);
        var stage2 = Run(new DecoderAlignmentStage(), model, work);
        Assert.Equal(3, stage2.Written.Count(p => p.Contains("output_projectors", StringComparison.Ordinal)));
        var stage3 = Run(new InstructionTuningStage(), model, work);
        Assert.Contains(Path.Combine(model, "lora"), stage3.Written);

        // Embeddings train in every stage (legacy code), the adapters were saved in peft's format, the projectors load.
        Assert.False(pretrainedEmbeddings.SequenceEqual(Embeddings(model)));
        Assert.Equal(4, LoraConfig.FromPeftConfig(Path.Combine(model, "lora", LoraAdapterFolder.ConfigFile)).Rank);
        var manifest = ModelManifestWriter.Write(model);
        Assert.Equal(["audio", "image", "video"], manifest.OutputProjectors.Keys.Order());
        Assert.Equal("image_decoder/vae", manifest.VideoDecoder!.Vae);
        Assert.Equal(24, InputProjector.FromPretrained(Path.Combine(model, "input_projector")).Config.InDim);
        Assert.Equal(12, OutputProjector.FromPretrained(Path.Combine(model, "output_projectors", "video")).Config.NumOutputTokens);

        // A finished stage is not run again (stage 3 folded LoRA into the LLM; a second pass would fold it twice).
        var again = Run(new InstructionTuningStage(), model, work);
        Assert.Empty(again.Written);
    }

    [Fact]
    public void A_stage_without_its_inputs_says_which_stage_to_run_first()
    {
        var error = Assert.Throws<DirectoryNotFoundException>(() => Run(new EncoderAlignmentStage(), Path.Combine(_root, "empty"), Path.Combine(_root, "work")));
        Assert.Contains("pretrain-llm", error.Message, StringComparison.Ordinal);
    }

    private static PretrainingResult Run(IPretrainingStage stage, string model, string work)
    {
        var result = stage.Run(new PretrainingContext(model, Path.Combine(work, stage.Name), TrainingPreset.Minimal));
        Assert.False(result.Interrupted);
        Assert.All(result.FinalLosses.Values, loss => Assert.True(double.IsFinite(loss)));
        return result;
    }

    private static float[] Embeddings(string model)
    {
        using var llm = LlamaForCausalLM.FromPretrained(Path.Combine(model, "llm"));
        return llm.state_dict()["model.embed_tokens.weight"].data<float>().ToArray();
    }
}
