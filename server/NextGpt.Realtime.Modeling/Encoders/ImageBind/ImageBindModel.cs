using NextGpt.Realtime.Modeling.Checkpoints;
using TorchSharp;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Encoders.ImageBind;

/// <summary>
/// ImageBind's vision and audio encoders as NExT-GPT uses them (legacy <c>ImageBind/models/imagebind_model.py</c>,
/// architecture notes section 1.1): preprocessor (stem + CLS + positions) -> trunk -> head (CLS, LayerNorm, Linear) ->
/// L2 normalisation. The audio embedding is only normalised: NExT-GPT's copy drops upstream's logit scale of 20. Inputs
/// with a clip axis (ImageBind's rule: five or more dimensions) are encoded clip by clip and the normalised embeddings
/// averaged over the clips (the average itself is not re-normalised, as in ImageBind). State-dict keys equal
/// <c>imagebind_huge.pth</c>'s for these two modalities.
/// </summary>
public sealed class ImageBindModel : nn.Module
{
    [ComponentName(Name = "modality_preprocessors")]
    private readonly ImageBindModalities<RgbdtPreprocessor, RgbdtPreprocessor> _modalityPreprocessors;

    [ComponentName(Name = "modality_trunks")]
    private readonly ImageBindModalities<SimpleTransformer, SimpleTransformer> _modalityTrunks;

    [ComponentName(Name = "modality_heads")]
    private readonly ImageBindModalities<ImageBindHead, ImageBindHead> _modalityHeads;

    public ImageBindModel(ImageBindConfig config, Device? device = null) : base(nameof(ImageBindModel))
    {
        config.Validate();
        Config = config;
        _modalityPreprocessors = new(
            new RgbdtPreprocessor(new VisionStem(config, device), config.VisionPatches, config.VisionEmbedDim, device),
            new RgbdtPreprocessor(new AudioStem(config, device), config.AudioPatches, config.AudioEmbedDim, device));
        _modalityTrunks = new(
            new SimpleTransformer(config.VisionEmbedDim, config.VisionNumBlocks, config.VisionNumHeads,
                preTransformerLayerNorm: true, addBiasKv: false, device),
            new SimpleTransformer(config.AudioEmbedDim, config.AudioNumBlocks, config.AudioNumHeads,
                preTransformerLayerNorm: false, addBiasKv: true, device));
        _modalityHeads = new(
            new ImageBindHead(config.VisionEmbedDim, config.OutEmbedDim, device),
            new ImageBindHead(config.AudioEmbedDim, config.OutEmbedDim, device));
        RegisterComponents();
    }

    public ImageBindConfig Config { get; }

    /// <summary>Images, videos or clips of either through the vision tower.</summary>
    /// <param name="pixelValues">
    /// (B, 3, H, W) images; (B, S, 3, H, W) S images per item; (B, S, 3, T, H, W) S clips of T frames per item (NExT-GPT's
    /// video: S = 15, T = 2). H = W = 224 after the preprocessing.
    /// </param>
    /// <returns>(B, out_embed_dim), L2-normalised (the mean of normalised clip embeddings when there is a clip axis).</returns>
    public Tensor EncodeVision(Tensor pixelValues)
    {
        var clipDims = pixelValues.dim() - 1;
        if (pixelValues.dim() < 4 || pixelValues.dim() > 6 || pixelValues.shape[pixelValues.dim() == 4 ? 1 : 2] != 3)
        {
            throw new ArgumentException("pixel_values must be (B, 3, H, W), (B, clips, 3, H, W) or (B, clips, 3, frames, H, W); " +
                $"got [{string.Join(", ", pixelValues.shape)}].");
        }

        return clipDims >= 4 ? EncodeClips(ImageBindModality.Vision, pixelValues) : Encode(ImageBindModality.Vision, pixelValues);
    }

    /// <summary>Log-mel spectrograms through the audio tower.</summary>
    /// <param name="fbank">(B, 1, 128, 204) or (B, S, 1, 128, 204) (NExT-GPT's audio: S = 3 clips of 2 s).</param>
    /// <returns>(B, out_embed_dim), L2-normalised (averaged over clips when there is a clip axis); no logit scale.</returns>
    public Tensor EncodeAudio(Tensor fbank)
    {
        if (fbank.dim() < 4 || fbank.dim() > 5 || fbank.shape[fbank.dim() - 3] != 1)
        {
            throw new ArgumentException($"fbank clips must be (B, 1, {Config.AudioNumMelBins}, {Config.AudioTargetLen}) or " +
                $"(B, clips, 1, {Config.AudioNumMelBins}, {Config.AudioTargetLen}); got [{string.Join(", ", fbank.shape)}].");
        }

        return fbank.dim() == 5 ? EncodeClips(ImageBindModality.Audio, fbank) : Encode(ImageBindModality.Audio, fbank);
    }

    /// <summary>The trunk's output tokens for inputs without a clip axis (for inspection and parity checks).</summary>
    /// <returns>(B, 1 + patches, D).</returns>
    public Tensor Trunk(ImageBindModality modality, Tensor input)
    {
        using var scope = NewDisposeScope();
        var (preprocessor, trunk) = modality == ImageBindModality.Vision
            ? (_modalityPreprocessors.Vision, _modalityTrunks.Vision)
            : (_modalityPreprocessors.Audio, _modalityTrunks.Audio);
        return trunk.forward(preprocessor.forward(input)).MoveToOuterDisposeScope();
    }

    /// <summary>One embedding per input row: trunk, head, L2 normalisation (ImageBind's forward for one modality).</summary>
    /// <returns>(B, out_embed_dim).</returns>
    public Tensor Encode(ImageBindModality modality, Tensor input)
    {
        using var scope = NewDisposeScope();
        var head = modality == ImageBindModality.Vision ? _modalityHeads.Vision : _modalityHeads.Audio;
        var embedding = head.forward(Trunk(modality, input));                        // (B, out)
        return nn.functional.normalize(embedding, p: 2, dim: -1).MoveToOuterDisposeScope();
    }

    /// <summary>ImageBind's <c>reduce_list</c>: (B, S, ...) -> (B·S, ...), encode, back to (B, S, out), mean over S.</summary>
    private Tensor EncodeClips(ImageBindModality modality, Tensor clips)
    {
        using var scope = NewDisposeScope();
        var (batch, count) = (clips.shape[0], clips.shape[1]);
        var flat = clips.reshape([batch * count, .. clips.shape[2..]]);            // (B·S, ...)
        var embeddings = Encode(modality, flat).view(batch, count, -1);            // (B, S, out)
        return embeddings.mean([1]).MoveToOuterDisposeScope();                      // (B, out)
    }

    /// <summary>
    /// Whether a key of a full ImageBind checkpoint belongs to a tower this model does not build (text, depth, thermal,
    /// IMU) or to the postprocessors' logit scales (buffers NExT-GPT does not apply).
    /// </summary>
    public static bool IsUnusedCheckpointKey(string key)
    {
        var parts = key.Split('.');
        if (parts[0] == "modality_postprocessors")
        {
            return true;
        }

        return parts.Length > 1 && parts[0] is "modality_preprocessors" or "modality_trunks" or "modality_heads" &&
            parts[1] is not ("vision" or "audio");
    }

    /// <summary>
    /// Loads a folder of <c>config.json</c> (ImageBindModel's argument names) and <c>*.safetensors</c> holding ImageBind's
    /// state dict; the other modalities' keys, if present, are skipped.
    /// </summary>
    public static ImageBindModel FromPretrained(string directory, Device? device = null, ScalarType dtype = ScalarType.Float32)
    {
        var model = new ImageBindModel(ImageBindConfig.Load(Path.Combine(directory, "config.json")), device);
        if (dtype != ScalarType.Float32)
        {
            model.to(dtype);
        }

        ModuleWeights.Load(model, ModuleWeights.FilesIn(directory), ignore: IsUnusedCheckpointKey);
        model.eval();
        return model;
    }
}
