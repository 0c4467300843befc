using NextGpt.Realtime.Modeling.Decoders.Audio.Vocoder;
using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clap;

namespace NextGpt.Realtime.Training.Pretraining.Audio;

/// <summary>
/// Sizes and training lengths of the audio decoder per preset: AudioLDM's architecture (mel VAE x4, a UNet conditioned
/// through <c>simple_projection</c> class labels concatenated to the time embedding, "cross" attention over the block
/// itself, a CLAP text tower with projection, a SpeechT5 HiFi-GAN with 160 samples per frame) at a width that trains on
/// one core. Tiny keeps the VAE, UNet, CLAP and vocoder together near 1.5M parameters.
/// </summary>
/// <param name="Sounds">Training-split sounds rendered for the VAE, vocoder and UNet.</param>
/// <param name="VocoderSegmentFrames">Mel frames per vocoder training crop (HiFi-GAN trains on segments).</param>
public sealed record AudioPreset(
    AutoencoderKLConfig Vae,
    UNet2DConditionConfig Unet,
    ClapTextConfig TextEncoder,
    SpeechT5HifiGanConfig Vocoder,
    int VocabularySize,
    int Sounds,
    long VaeSteps,
    long VocoderSteps,
    long UnetSteps,
    int BatchSize,
    int VocoderSegmentFrames,
    double LearningRate)
{
    /// <summary>Projection width of the CLAP embedding: the (1, P) conditioning stage 2 aims the audio projector at.</summary>
    public int ConditioningWidth => TextEncoder.ProjectionDim;

    public static AudioPreset For(TrainingPreset preset) => preset switch
    {
        TrainingPreset.Minimal => new(
            Vae: VaeOf([8, 8, 16, 16], groups: 4, latentChannels: 8),
            Unet: UnetOf([16, 32], groups: 8, heads: 2, conditioningWidth: 16, latentChannels: 8),
            TextEncoder: ClapOf(hidden: 16, layers: 1, heads: 2, projection: 16),
            Vocoder: VocoderOf(initialChannels: 32, kernels: [3], dilations: [[1, 3]]),
            VocabularySize: 320, Sounds: 24, VaeSteps: 30, VocoderSteps: 12, UnetSteps: 16, BatchSize: 4, VocoderSegmentFrames: 16,
            LearningRate: 2e-3),
        TrainingPreset.Tiny => new(
            Vae: VaeOf([8, 16, 32, 32], groups: 4, latentChannels: 8),
            Unet: UnetOf([48, 96], groups: 16, heads: 4, conditioningWidth: 64, latentChannels: 8),
            TextEncoder: ClapOf(hidden: 64, layers: 2, heads: 4, projection: 64),
            Vocoder: VocoderOf(initialChannels: 64, kernels: [3, 7], dilations: [[1, 3], [1, 3]]),
            VocabularySize: 400, Sounds: 1140, VaeSteps: 1500, VocoderSteps: 2000, UnetSteps: 1400, BatchSize: 12,
            VocoderSegmentFrames: 32, LearningRate: 1e-3),
        _ => throw new ArgumentOutOfRangeException(nameof(preset), preset, "Unknown preset."),
    };

    // AudioLDM's VAE: one mel channel in and out (AudioLDM's is x4 with 8 latent channels; x8 here, so that the UNet runs
    // on 25 x 8 latents and trains on one core); the scaling factor is set after training from the latents' standard
    // deviation, as LDM does.
    private static AutoencoderKLConfig VaeOf(int[] channels, int groups, int latentChannels) => new()
    {
        InChannels = 1,
        OutChannels = 1,
        DownBlockTypes = [.. channels.Select(_ => AutoencoderKLConfig.DownEncoderBlock2D)],
        UpBlockTypes = [.. channels.Select(_ => AutoencoderKLConfig.UpDecoderBlock2D)],
        BlockOutChannels = channels,
        LayersPerBlock = 1,
        LatentChannels = latentChannels,
        NormNumGroups = groups,
        SampleSize = 64,
        ScalingFactor = 1.0,
    };

    // AudioLDM's UNet conversion: class_embed_type simple_projection from the CLAP width, class embeddings concatenated to
    // the time embedding, cross_attention_dim equal to block_out_channels (no encoder states: attention over the block).
    private static UNet2DConditionConfig UnetOf(int[] channels, int groups, int heads, int conditioningWidth, int latentChannels) => new()
    {
        InChannels = latentChannels,
        OutChannels = latentChannels,
        DownBlockTypes = [UNet2DConditionConfig.DownBlock2D, .. channels.Skip(1).Select(_ => UNet2DConditionConfig.CrossAttnDownBlock2D)],
        UpBlockTypes = [.. channels.Skip(1).Select(_ => UNet2DConditionConfig.CrossAttnUpBlock2D), UNet2DConditionConfig.UpBlock2D],
        BlockOutChannels = channels,
        LayersPerBlock = PerBlock<int>.Shared(1),
        NormNumGroups = groups,
        AttentionHeadDim = PerBlock<int>.Shared(heads),
        CrossAttentionDim = PerBlock<int>.Each(channels),
        ClassEmbedType = "simple_projection",
        ProjectionClassEmbeddingsInputDim = conditioningWidth,
        ClassEmbeddingsConcat = true,
        SampleSize = 16,
    };

    // RoBERTa-style CLAP text tower; pad id 3 is the world BPE's <pad>, so real positions start at 4.
    private static ClapTextConfig ClapOf(int hidden, int layers, int heads, int projection) => new()
    {
        HiddenSize = hidden,
        NumHiddenLayers = layers,
        NumAttentionHeads = heads,
        IntermediateSize = hidden * 2,
        MaxPositionEmbeddings = 48,
        ProjectionDim = projection,
        PadTokenId = 3,
        LayerNormEps = 1e-5,
    };

    // AudioLDM's hop (5 x 4 x 2 x 2 x 2 = 160 samples per frame) with kernels of 2 x rate (5 -> 11, odd so the padding is
    // symmetric and each stage multiplies the length exactly); no input standardisation, as AudioLDM's vocoder.
    private static SpeechT5HifiGanConfig VocoderOf(int initialChannels, int[] kernels, int[][] dilations) => new()
    {
        ModelInDim = 64,
        SamplingRate = 16000,
        UpsampleInitialChannel = initialChannels,
        UpsampleRates = [5, 4, 2, 2, 2],
        UpsampleKernelSizes = [11, 8, 4, 4, 4],
        ResblockKernelSizes = kernels,
        ResblockDilationSizes = dilations,
        LeakyReluSlope = 0.1,
        NormalizeBefore = false,
    };
}
