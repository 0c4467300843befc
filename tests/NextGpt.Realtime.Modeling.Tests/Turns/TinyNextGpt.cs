using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Modeling.LanguageModel;
using NextGpt.Realtime.Modeling.Pipelines;
using NextGpt.Realtime.Modeling.Projectors;
using NextGpt.Realtime.Modeling.Schedulers;
using NextGpt.Realtime.Modeling.Tokenization;
using NextGpt.Realtime.Modeling.Turns;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Turns;

/// <summary>
/// A randomly initialised NExT-GPT of the real classes at toy sizes: a BPE tokenizer trained here, a 2-layer LLM, the
/// projectors, a small Stable-Diffusion-shaped image decoder (32 x 32 images, 8 x 8 latents) and a Zeroscope-shaped video
/// decoder sharing its VAE. Untrained, so replies
/// are noise; the tests check the plumbing (what runs, in which order, with which shapes), not the content.
/// </summary>
internal static class TinyNextGpt
{
    public const int EncoderWidth = 12;

    public static NextGptModel Build(int seed = 3)
    {
        random.manual_seed(seed);
        var tokenizer = ByteLevelBpeTokenizer.FromVocabulary(ByteLevelBpeTrainer.Train(
            ["### Human: what do you see?\n### Assistant: a red circle on a sky background\n###", "draw me a blue star", "hello there"],
            vocabularySize: 300));
        var llm = new LlamaForCausalLM(new LlamaConfig
        {
            HiddenSize = 32, NumHiddenLayers = 2, NumAttentionHeads = 4, IntermediateSize = 64,
            VocabSize = tokenizer.VocabularySize, MaxPositionEmbeddings = 512,
        });
        llm.eval();
        var unet = new UNet2DConditionModel(new UNet2DConditionConfig
        {
            BlockOutChannels = [16, 32], LayersPerBlock = PerBlock<int>.Shared(1), NormNumGroups = 8,
            DownBlockTypes = [UNet2DConditionConfig.CrossAttnDownBlock2D, UNet2DConditionConfig.DownBlock2D],
            UpBlockTypes = [UNet2DConditionConfig.UpBlock2D, UNet2DConditionConfig.CrossAttnUpBlock2D],
            CrossAttentionDim = PerBlock<int>.Shared(24), AttentionHeadDim = PerBlock<int>.Shared(2), SampleSize = 8,
        });
        var vae = new AutoencoderKL(new AutoencoderKLConfig
        {
            BlockOutChannels = [16, 16, 16], LayersPerBlock = 1, NormNumGroups = 8, SampleSize = 32,
            DownBlockTypes = [AutoencoderKLConfig.DownEncoderBlock2D, AutoencoderKLConfig.DownEncoderBlock2D, AutoencoderKLConfig.DownEncoderBlock2D],
            UpBlockTypes = [AutoencoderKLConfig.UpDecoderBlock2D, AutoencoderKLConfig.UpDecoderBlock2D, AutoencoderKLConfig.UpDecoderBlock2D],
        });
        unet.eval();
        vae.eval();
        var imageProjector = new OutputProjector(new OutputProjectorConfig
        {
            InDim = 32, OutDim = 24, NumInputTokens = 4, NumOutputTokens = 6, DModel = 16, NHead = 2,
            NumEncoderLayers = 1, NumDecoderLayers = 1, DimFeedforward = 32,
        });
        imageProjector.eval();
        var videoUnet = new UNet3DConditionModel(new UNet3DConditionConfig
        {
            BlockOutChannels = [32, 32], LayersPerBlock = 1, NormNumGroups = 8, CrossAttentionDim = 24,
            AttentionHeadDim = PerBlock<int>.Shared(8),
            DownBlockTypes = [UNet3DConditionConfig.CrossAttnDownBlock3D, UNet3DConditionConfig.DownBlock3D],
            UpBlockTypes = [UNet3DConditionConfig.UpBlock3D, UNet3DConditionConfig.CrossAttnUpBlock3D],
        });
        videoUnet.eval();
        var videoProjector = new OutputProjector(new OutputProjectorConfig
        {
            InDim = 32, OutDim = 24, NumInputTokens = 24, NumOutputTokens = 6, DModel = 16, NHead = 2,
            NumEncoderLayers = 1, NumDecoderLayers = 1, DimFeedforward = 32,
        });
        videoProjector.eval();
        return new NextGptModel(
            llm,
            tokenizer,
            new InputProjector(new InputProjectorConfig { InDim = EncoderWidth, OutDim = 32 }),
            new Dictionary<SignalModality, OutputProjector> { [SignalModality.Image] = imageProjector, [SignalModality.Video] = videoProjector },
            new ImageDiffusionPipeline(unet, vae, SchedulerConfig.StableDiffusion15, LatentRgbProjection.FitToVae(vae, blocks: 4)),
            ImageUnconditional: randn(1, 6, 24),
            VideoDecoder: new VideoDiffusionPipeline(videoUnet, vae, SchedulerConfig.StableDiffusion15),
            VideoUnconditional: randn(1, 6, 24));
    }
}
