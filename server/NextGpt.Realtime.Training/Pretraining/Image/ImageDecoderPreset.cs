using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clip;

namespace NextGpt.Realtime.Training.Pretraining.Image;

/// <summary>
/// The image decoder's sizes and training lengths per preset. Tiny: a VAE that turns 64 x 64 images into 4 x 16 x 16 latents
/// (downsampling factor 4 keeps a small shape, about 10 pixels wide, several latent cells wide), a UNet with cross-attention
/// at 16 x 16 and 8 x 8, and a CLIP text encoder over a world BPE. Tiny fits the contract's budget of about 5M parameters
/// and 40 minutes on one core.
/// </summary>
/// <param name="Images">Training images rendered (training split, seeds 0 to Images - 1).</param>
/// <param name="VocabularySize">Size of the CLIP side's byte-level BPE, trained on the world's captions.</param>
/// <param name="TokenizerCaptions">Image and clip captions (each) the BPE learns from (training split, seeds from 0).</param>
/// <param name="Vae">The VAE (its scaling_factor is replaced by the one measured on the training latents).</param>
/// <param name="TextEncoder">The CLIP text encoder (vocab_size and eos_token_id come from the tokenizer).</param>
/// <param name="Unet">The UNet; its cross_attention_dim equals the text encoder's hidden_size.</param>
/// <param name="VaeDecoderSteps">Steps of the decoder-only phase (<see cref="VaeDecoderFinetuningObjective"/>).</param>
/// <param name="EdgeWeight">Weight of that phase's edge term.</param>
public sealed record ImageDecoderPreset(
    int Images,
    int VocabularySize,
    int TokenizerCaptions,
    AutoencoderKLConfig Vae,
    ClipTextConfig TextEncoder,
    UNet2DConditionConfig Unet,
    long VaeSteps,
    int VaeBatchSize,
    double VaeLearningRate,
    double KlWeight,
    long VaeDecoderSteps,
    double EdgeWeight,
    long UnetSteps,
    int UnetBatchSize,
    double UnetLearningRate,
    double CaptionDropout)
{
    public static ImageDecoderPreset For(TrainingPreset preset) => preset switch
    {
        TrainingPreset.Minimal => new(
            Images: 48,
            VocabularySize: 400,
            TokenizerCaptions: 200,
            Vae: VaeConfig([8, 8, 8, 16], groups: 4),
            TextEncoder: new ClipTextConfig
            {
                HiddenSize = 16, IntermediateSize = 32, NumHiddenLayers = 1, NumAttentionHeads = 2, MaxPositionEmbeddings = 64,
            },
            Unet: UnetConfig([16, 16], groups: 4, heads: 2, crossAttentionDim: 16),
            VaeSteps: 8, VaeBatchSize: 4, VaeLearningRate: 2e-3, KlWeight: 1e-3, VaeDecoderSteps: 4, EdgeWeight: 1.0,
            UnetSteps: 8, UnetBatchSize: 4, UnetLearningRate: 2e-3, CaptionDropout: 0.1),
        TrainingPreset.Tiny => new(
            Images: 6000,
            VocabularySize: 512,
            TokenizerCaptions: 2000,
            Vae: VaeConfig([16, 32, 64], groups: 8),
            TextEncoder: new ClipTextConfig
            {
                HiddenSize = 128, IntermediateSize = 256, NumHiddenLayers = 2, NumAttentionHeads = 4, MaxPositionEmbeddings = 32,
            },
            Unet: UnetConfig([32, 64, 64], groups: 16, heads: 4, crossAttentionDim: 128),
            VaeSteps: 2000, VaeBatchSize: 12, VaeLearningRate: 2e-3, KlWeight: 1e-5, VaeDecoderSteps: 1500, EdgeWeight: 1.0,
            UnetSteps: 4000, UnetBatchSize: 16, UnetLearningRate: 1e-3, CaptionDropout: 0.1),
        _ => throw new ArgumentOutOfRangeException(nameof(preset), preset, "Unknown preset."),
    };

    private static AutoencoderKLConfig VaeConfig(int[] channels, int groups) => new()
    {
        DownBlockTypes = [.. channels.Select(_ => AutoencoderKLConfig.DownEncoderBlock2D)],
        UpBlockTypes = [.. channels.Select(_ => AutoencoderKLConfig.UpDecoderBlock2D)],
        BlockOutChannels = channels,
        LayersPerBlock = 1,
        LatentChannels = 4,
        NormNumGroups = groups,
        SampleSize = 64,
        ScalingFactor = 1.0,
    };

    // Cross-attention in every block but the lowest (4 x 4 latents at three blocks), as SD 1.5 leaves its last block plain.
    private static UNet2DConditionConfig UnetConfig(int[] channels, int groups, int heads, int crossAttentionDim) => new()
    {
        SampleSize = 16,
        InChannels = 4,
        OutChannels = 4,
        DownBlockTypes = [.. channels.Select((_, i) => i == channels.Length - 1 ? UNet2DConditionConfig.DownBlock2D : UNet2DConditionConfig.CrossAttnDownBlock2D)],
        UpBlockTypes = [.. channels.Select((_, i) => i == 0 ? UNet2DConditionConfig.UpBlock2D : UNet2DConditionConfig.CrossAttnUpBlock2D)],
        BlockOutChannels = channels,
        LayersPerBlock = PerBlock<int>.Shared(1),
        NormNumGroups = groups,
        CrossAttentionDim = PerBlock<int>.Shared(crossAttentionDim),
        AttentionHeadDim = PerBlock<int>.Shared(heads),
    };
}
