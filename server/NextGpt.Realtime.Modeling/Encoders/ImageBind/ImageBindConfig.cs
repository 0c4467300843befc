using System.Text.Json;
using System.Text.Json.Serialization;

namespace NextGpt.Realtime.Modeling.Encoders.ImageBind;

/// <summary>
/// The vision and audio towers of an ImageBind model, read from a <c>config.json</c> whose names and defaults are the
/// keyword arguments of ImageBind's <c>ImageBindModel.__init__</c> (<c>imagebind/models/imagebind_model.py</c>).
/// <see cref="Huge"/> is <c>imagebind_huge()</c>, the frozen encoder of NExT-GPT (architecture notes section 1.1).
/// The image size, 224, is hard-coded in ImageBind's vision preprocessor and is a field here only so it is written down.
/// </summary>
public sealed record ImageBindConfig
{
    [JsonPropertyName("vision_embed_dim")] public int VisionEmbedDim { get; init; } = 1024;

    [JsonPropertyName("vision_num_blocks")] public int VisionNumBlocks { get; init; } = 24;

    [JsonPropertyName("vision_num_heads")] public int VisionNumHeads { get; init; } = 16;

    [JsonPropertyName("audio_embed_dim")] public int AudioEmbedDim { get; init; } = 768;

    [JsonPropertyName("audio_num_blocks")] public int AudioNumBlocks { get; init; } = 12;

    [JsonPropertyName("audio_num_heads")] public int AudioNumHeads { get; init; } = 12;

    /// <summary>The joint embedding width every head projects to (1024 for the huge model).</summary>
    [JsonPropertyName("out_embed_dim")] public int OutEmbedDim { get; init; } = 768;

    /// <summary>Frames per video clip; single images are repeated to this many (PadIm2Video, ntimes 2).</summary>
    [JsonPropertyName("video_frames")] public int VideoFrames { get; init; } = 2;

    /// <summary>The vision stem's Conv3d kernel and stride (time, height, width).</summary>
    [JsonPropertyName("kernel_size")] public int[] KernelSize { get; init; } = [2, 14, 14];

    [JsonPropertyName("image_size")] public int ImageSize { get; init; } = 224;

    [JsonPropertyName("audio_kernel_size")] public int AudioKernelSize { get; init; } = 16;

    [JsonPropertyName("audio_stride")] public int AudioStride { get; init; } = 10;

    [JsonPropertyName("audio_num_mel_bins")] public int AudioNumMelBins { get; init; } = 128;

    /// <summary>Spectrogram frames per audio clip after padding/cropping (204 for 2 s at a 10 ms shift).</summary>
    [JsonPropertyName("audio_target_len")] public int AudioTargetLen { get; init; } = 204;

    /// <summary>Patches of one clip: (frames / kt) x (size / kh) x (size / kw); 1 x 16 x 16 = 256 for the real model.</summary>
    [JsonIgnore]
    public int VisionPatches =>
        (VideoFrames / KernelSize[0]) * (ImageSize / KernelSize[1]) * (ImageSize / KernelSize[2]);

    /// <summary>Patches of one spectrogram: 12 x 19 = 228 for the real model (Conv2d without padding).</summary>
    [JsonIgnore]
    public int AudioPatches =>
        (((AudioNumMelBins - AudioKernelSize) / AudioStride) + 1) * (((AudioTargetLen - AudioKernelSize) / AudioStride) + 1);

    /// <summary><c>imagebind_huge()</c>: vision 1280-d, 32 blocks, 16 heads; audio 768-d, 12 blocks, 12 heads; out 1024.</summary>
    public static ImageBindConfig Huge { get; } = new()
    {
        VisionEmbedDim = 1280,
        VisionNumBlocks = 32,
        VisionNumHeads = 16,
        AudioEmbedDim = 768,
        AudioNumBlocks = 12,
        AudioNumHeads = 12,
        OutEmbedDim = 1024,
    };

    /// <summary>
    /// A ViT-S-sized pair of towers for the embedded model (384-d, 12 blocks, 6 heads each) with the huge model's 1024-d
    /// output, so the input projector's shape is unchanged. There are no released weights of this size: it is trained here.
    /// </summary>
    public static ImageBindConfig Small { get; } = new()
    {
        VisionEmbedDim = 384,
        VisionNumBlocks = 12,
        VisionNumHeads = 6,
        AudioEmbedDim = 384,
        AudioNumBlocks = 12,
        AudioNumHeads = 6,
        OutEmbedDim = 1024,
    };

    /// <summary>
    /// The encoder <c>nextgpt train --stage pretrain-encoder</c> trains for the world's 64 x 64 media: 128-d towers of 4
    /// blocks and 4 heads, 8 x 8 tubelets on 64 x 64 inputs (64 patches), 16 x 16 audio patches without overlap (8 x 12),
    /// a 128-d joint space.
    /// </summary>
    public static ImageBindConfig Tiny { get; } = new()
    {
        VisionEmbedDim = 128,
        VisionNumBlocks = 4,
        VisionNumHeads = 4,
        AudioEmbedDim = 128,
        AudioNumBlocks = 4,
        AudioNumHeads = 4,
        OutEmbedDim = 128,
        KernelSize = [2, 8, 8],
        ImageSize = 64,
        AudioKernelSize = 16,
        AudioStride = 16,
    };

    /// <summary>Reads and validates a <c>config.json</c>.</summary>
    public static ImageBindConfig Load(string path)
    {
        ImageBindConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<ImageBindConfig>(File.ReadAllText(path));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not a valid ImageBind config.json: {ex.Message}", ex);
        }

        (config ?? throw new InvalidDataException($"{path} is empty.")).Validate(path);
        return config;
    }

    /// <summary>Throws with the offending field when the shape is impossible.</summary>
    public void Validate(string source = "config")
    {
        int[] positive = [VisionEmbedDim, VisionNumBlocks, VisionNumHeads, AudioEmbedDim, AudioNumBlocks, AudioNumHeads,
            OutEmbedDim, VideoFrames, ImageSize, AudioKernelSize, AudioStride, AudioNumMelBins, AudioTargetLen];
        if (positive.Any(v => v <= 0) || KernelSize.Length != 3 || KernelSize.Any(k => k <= 0))
        {
            throw new InvalidDataException($"{source}: every ImageBind size must be positive and kernel_size has three entries.");
        }

        if (VisionEmbedDim % VisionNumHeads != 0 || AudioEmbedDim % AudioNumHeads != 0)
        {
            throw new InvalidDataException($"{source}: vision_embed_dim and audio_embed_dim must split evenly into their heads.");
        }

        if (VideoFrames % KernelSize[0] != 0 || ImageSize % KernelSize[1] != 0 || ImageSize % KernelSize[2] != 0)
        {
            throw new InvalidDataException($"{source}: kernel_size [{string.Join(", ", KernelSize)}] must tile " +
                $"{VideoFrames} frames of {ImageSize}x{ImageSize}.");
        }

        if (AudioNumMelBins < AudioKernelSize || AudioTargetLen < AudioKernelSize)
        {
            throw new InvalidDataException($"{source}: the audio spectrogram is smaller than audio_kernel_size.");
        }
    }
}
