using NextGpt.Realtime.Modeling.Decoders.Audio.Vocoder;
using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Modeling.Encoders.ImageBind;
using NextGpt.Realtime.Modeling.LanguageModel;
using NextGpt.Realtime.Modeling.Pipelines;
using NextGpt.Realtime.Modeling.Projectors;
using NextGpt.Realtime.Modeling.Schedulers;
using NextGpt.Realtime.Modeling.Tokenization;
using NextGpt.Realtime.Modeling.Turns;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Server.Models;

/// <summary>
/// What the server serves until the embedded <c>nextgpt-tiny</c> exists (issue 6 trains it): NExT-GPT's real classes at
/// small sizes with seeded random weights (a byte-level BPE trained on the prompt template, a 2-layer LLM, the projectors
/// a 64 x 64 Stable-Diffusion-shaped image decoder, an AudioLDM-shaped audio decoder with a HiFi-GAN vocoder and a
/// Zeroscope-shaped video decoder: a UNet3D over the image decoder's VAE, as Zeroscope shares Stable Diffusion's). Its
/// replies are noise; every stage still runs for real, so the
/// streaming path, previews, cancellation and limits can be exercised end to end.
/// </summary>
public static class UntrainedModelFactory
{
    private static readonly string[] Corpus =
    [
        "### Human: hello, who are you?\n### Assistant: I am the innkeeper of Emberfall.\n###",
        "### Human: draw me a red circle on a sky background\n### Assistant: here it is\n###",
        "### Human: play a high chime pulsing\n### Assistant: listen\n###",
        "a small blue square at the top and a large yellow star on the right on a gray background",
    ];

    public static NextGptModel Create(long seed = 0)
    {
        random.manual_seed(seed);
        var tokenizer = ByteLevelBpeTokenizer.FromVocabulary(ByteLevelBpeTrainer.Train(Corpus, vocabularySize: 512));
        var llm = new LlamaForCausalLM(new LlamaConfig
        {
            HiddenSize = 128, NumHiddenLayers = 2, NumAttentionHeads = 4, IntermediateSize = 344,
            VocabSize = tokenizer.VocabularySize, MaxPositionEmbeddings = 1024,
        });
        var unet = new UNet2DConditionModel(new UNet2DConditionConfig
        {
            BlockOutChannels = [32, 64], LayersPerBlock = PerBlock<int>.Shared(1), NormNumGroups = 8,
            DownBlockTypes = [UNet2DConditionConfig.CrossAttnDownBlock2D, UNet2DConditionConfig.DownBlock2D],
            UpBlockTypes = [UNet2DConditionConfig.UpBlock2D, UNet2DConditionConfig.CrossAttnUpBlock2D],
            CrossAttentionDim = PerBlock<int>.Shared(64), AttentionHeadDim = PerBlock<int>.Shared(4), SampleSize = 16,
        });
        var vae = new AutoencoderKL(new AutoencoderKLConfig
        {
            BlockOutChannels = [32, 32, 32], LayersPerBlock = 1, NormNumGroups = 8, SampleSize = 64,
            DownBlockTypes = [AutoencoderKLConfig.DownEncoderBlock2D, AutoencoderKLConfig.DownEncoderBlock2D, AutoencoderKLConfig.DownEncoderBlock2D],
            UpBlockTypes = [AutoencoderKLConfig.UpDecoderBlock2D, AutoencoderKLConfig.UpDecoderBlock2D, AutoencoderKLConfig.UpDecoderBlock2D],
        });
        var imageProjector = new OutputProjector(new OutputProjectorConfig
        {
            InDim = 128, OutDim = 64, NumInputTokens = SignalTokens.ImageTokenCount, NumOutputTokens = 8, DModel = 64, NHead = 4,
            NumEncoderLayers = 1, NumDecoderLayers = 1, DimFeedforward = 128,
        });
        var audioProjector = new OutputProjector(new OutputProjectorConfig
        {
            InDim = 128, OutDim = 16, NumInputTokens = SignalTokens.AudioTokenCount, NumOutputTokens = 1, DModel = 64, NHead = 4,
            NumEncoderLayers = 1, NumDecoderLayers = 1, DimFeedforward = 128,
        });
        var (audioUnet, audioVae, hifiGan) = AudioParts();
        // ImageBind's towers at toy width (64-d, 2 blocks) with the real 1024-d output, so uploads can be read.
        var encoder = new ImageBindModel(ImageBindConfig.Small with
        {
            VisionEmbedDim = 64, VisionNumBlocks = 2, VisionNumHeads = 4, AudioEmbedDim = 64, AudioNumBlocks = 2, AudioNumHeads = 4,
        });
        // Made last, so the other parts' random weights are the same as before video existed.
        var (videoUnet, videoProjector) = VideoParts();
        foreach (var module in new nn.Module[] { llm, unet, vae, imageProjector, audioProjector, audioUnet, audioVae, hifiGan, encoder, videoUnet, videoProjector })
        {
            module.eval();
        }

        var preview = LatentRgbProjection.FitToVae(vae, blocks: 4);
        return new NextGptModel(
            llm,
            tokenizer,
            new InputProjector(new InputProjectorConfig { InDim = 1024, OutDim = 128 }),
            new Dictionary<SignalModality, OutputProjector>
            {
                [SignalModality.Image] = imageProjector, [SignalModality.Audio] = audioProjector, [SignalModality.Video] = videoProjector,
            },
            new ImageDiffusionPipeline(unet, vae, SchedulerConfig.StableDiffusion15, preview),
            ImageUnconditional: zeros(1, 8, 64),
            AudioDecoder: new AudioDiffusionPipeline(audioUnet, audioVae, SchedulerConfig.AudioLdmL,
                new MelVocoder(hifiGan.Config.SamplingRate, hifiGan.Config.HopLength, hifiGan.Config.ModelInDim, hifiGan.forward)),
            AudioUnconditional: zeros(1, 16),
            Encoder: new ImageBindMediaEncoder(encoder),
            VideoDecoder: new VideoDiffusionPipeline(videoUnet, vae, SchedulerConfig.Zeroscope576w, preview),
            VideoUnconditional: zeros(1, 8, 64));
    }

    // Zeroscope's shape at toy size: a UNet3D (spatial and temporal layers) on the VAE's 4-channel latents, conditioned by
    // the video projector's 8 x 64 output of the 24 [VID] tokens' hidden states.
    private static (UNet3DConditionModel Unet, OutputProjector Projector) VideoParts()
    {
        var unet = new UNet3DConditionModel(new UNet3DConditionConfig
        {
            BlockOutChannels = [32, 64], LayersPerBlock = 1, NormNumGroups = 8, CrossAttentionDim = 64,
            AttentionHeadDim = PerBlock<int>.Shared(8), SampleSize = 16,
            DownBlockTypes = [UNet3DConditionConfig.CrossAttnDownBlock3D, UNet3DConditionConfig.DownBlock3D],
            UpBlockTypes = [UNet3DConditionConfig.UpBlock3D, UNet3DConditionConfig.CrossAttnUpBlock3D],
        });
        var projector = new OutputProjector(new OutputProjectorConfig
        {
            InDim = 128, OutDim = 64, NumInputTokens = SignalTokens.VideoTokenCount, NumOutputTokens = 8, DModel = 64, NHead = 4,
            NumEncoderLayers = 1, NumDecoderLayers = 1, DimFeedforward = 128,
        });
        return (unet, projector);
    }

    // AudioLDM's shape at toy size: a class-conditioned UNet (simple_projection of the 16-d audio conditioning), a mel VAE
    // with one channel and 8 latent channels, and a HiFi-GAN vocoder from 16 mel bins to 16 kHz (hop 160, AudioLDM's).
    private static (UNet2DConditionModel Unet, AutoencoderKL Vae, SpeechT5HifiGan Vocoder) AudioParts()
    {
        var unet = new UNet2DConditionModel(new UNet2DConditionConfig
        {
            InChannels = 8, OutChannels = 8, BlockOutChannels = [16, 32], LayersPerBlock = PerBlock<int>.Shared(1), NormNumGroups = 8,
            DownBlockTypes = [UNet2DConditionConfig.DownBlock2D, UNet2DConditionConfig.CrossAttnDownBlock2D],
            UpBlockTypes = [UNet2DConditionConfig.CrossAttnUpBlock2D, UNet2DConditionConfig.UpBlock2D],
            CrossAttentionDim = PerBlock<int>.Each(16, 32), AttentionHeadDim = PerBlock<int>.Shared(8), SampleSize = 8,
            ClassEmbedType = "simple_projection", ProjectionClassEmbeddingsInputDim = 16, ClassEmbeddingsConcat = true,
        });
        var vae = new AutoencoderKL(new AutoencoderKLConfig
        {
            InChannels = 1, OutChannels = 1, LatentChannels = 8, BlockOutChannels = [8, 8], NormNumGroups = 4,
            DownBlockTypes = [AutoencoderKLConfig.DownEncoderBlock2D, AutoencoderKLConfig.DownEncoderBlock2D],
            UpBlockTypes = [AutoencoderKLConfig.UpDecoderBlock2D, AutoencoderKLConfig.UpDecoderBlock2D],
        });
        var vocoder = new SpeechT5HifiGan(SpeechT5HifiGanConfig.AudioLdm with
        {
            ModelInDim = 16, UpsampleInitialChannel = 32, ResblockKernelSizes = [3], ResblockDilationSizes = [[1, 3]],
        });
        return (unet, vae, vocoder);
    }
}
