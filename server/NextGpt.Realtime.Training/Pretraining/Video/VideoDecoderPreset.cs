using NextGpt.Realtime.Modeling.Decoders.Diffusion;

namespace NextGpt.Realtime.Training.Pretraining.Video;

/// <summary>
/// The video decoder's UNet3D and training length per preset. It denoises 8 frames of the image VAE's 4 x 16 x 16 latents
/// with the image decoder's (frozen) CLIP conditioning; its temporal convolutions and attentions (ModelScope's layers, as
/// Zeroscope has them) carry the motion. block_out_channels[0] is a multiple of 32 because diffusers 0.17.1's
/// transformer_in uses a GroupNorm of 32 groups whatever norm_num_groups says.
/// </summary>
/// <param name="Clips">Training clips rendered (training split, seeds 0 to Clips - 1).</param>
/// <param name="Unet">The UNet3D; its cross_attention_dim must equal the image decoder's text encoder width.</param>
public sealed record VideoDecoderPreset(int Clips, UNet3DConditionConfig Unet, long Steps, int BatchSize, double LearningRate, double CaptionDropout)
{
    public static VideoDecoderPreset For(TrainingPreset preset) => preset switch
    {
        TrainingPreset.Minimal => new(Clips: 16, Unet: UnetConfig([32, 32], groups: 8, headDim: 8, crossAttentionDim: 16),
            Steps: 8, BatchSize: 2, LearningRate: 2e-3, CaptionDropout: 0.1),
        TrainingPreset.Tiny => new(Clips: 1000, Unet: UnetConfig([32, 64, 64], groups: 16, headDim: 16, crossAttentionDim: 128),
            Steps: 1600, BatchSize: 2, LearningRate: 1e-3, CaptionDropout: 0.1),
        _ => throw new ArgumentOutOfRangeException(nameof(preset), preset, "Unknown preset."),
    };

    /// <summary>The same UNet reading conditioning of another width (the image decoder's text encoder decides it).</summary>
    public static UNet3DConditionConfig WithCrossAttentionDim(UNet3DConditionConfig config, int crossAttentionDim) => new()
    {
        SampleSize = config.SampleSize,
        InChannels = config.InChannels,
        OutChannels = config.OutChannels,
        DownBlockTypes = config.DownBlockTypes,
        UpBlockTypes = config.UpBlockTypes,
        BlockOutChannels = config.BlockOutChannels,
        LayersPerBlock = config.LayersPerBlock,
        NormNumGroups = config.NormNumGroups,
        AttentionHeadDim = config.AttentionHeadDim,
        CrossAttentionDim = crossAttentionDim,
    };

    // Cross-attention in every block but the lowest, as the image UNet.
    private static UNet3DConditionConfig UnetConfig(int[] channels, int groups, int headDim, int crossAttentionDim) => new()
    {
        SampleSize = 16,
        InChannels = 4,
        OutChannels = 4,
        DownBlockTypes = [.. channels.Select((_, i) => i == channels.Length - 1 ? UNet3DConditionConfig.DownBlock3D : UNet3DConditionConfig.CrossAttnDownBlock3D)],
        UpBlockTypes = [.. channels.Select((_, i) => i == 0 ? UNet3DConditionConfig.UpBlock3D : UNet3DConditionConfig.CrossAttnUpBlock3D)],
        BlockOutChannels = channels,
        LayersPerBlock = 1,
        NormNumGroups = groups,
        AttentionHeadDim = PerBlock<int>.Shared(headDim),
        CrossAttentionDim = crossAttentionDim,
    };
}
