using NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clip;
using NextGpt.Realtime.Modeling.Encoders.ImageBind;

namespace NextGpt.Realtime.Training.Pretraining.Encoder;

/// <summary>
/// The encoder's size and training length per preset: an ImageBind vision + audio pair (<see cref="ImageBindConfig.Tiny"/>
/// for Tiny) and the CLIP-style text tower it is aligned to (ImageBind's text tower is CLIP's), whose width is the joint
/// space's so that its end-of-text state is the text embedding without a further projection.
/// </summary>
/// <param name="PerModality">Training-split images, sounds and clips rendered (each).</param>
/// <param name="BatchSize">Images and sounds per step; clips per step are half of it (each is five tower passes).</param>
public sealed record EncoderPreset(
    ImageBindConfig ImageBind,
    ClipTextConfig Text,
    int VocabularySize,
    int PerModality,
    long Steps,
    int BatchSize,
    double LearningRate,
    int HeldOut)
{
    /// <summary>InfoNCE temperature: CLIP's initial 0.07 (ImageBind keeps a fixed one for its frozen-text alignment).</summary>
    public const double Temperature = 0.07;

    public static EncoderPreset For(TrainingPreset preset) => preset switch
    {
        TrainingPreset.Minimal => new(
            ImageBindConfig.Tiny with
            {
                VisionEmbedDim = 16, VisionNumBlocks = 1, VisionNumHeads = 2, AudioEmbedDim = 16, AudioNumBlocks = 1, AudioNumHeads = 2,
                OutEmbedDim = 16, KernelSize = [2, 16, 16], AudioKernelSize = 32, AudioStride = 32,
            },
            TextOf(16, layers: 1, heads: 2), VocabularySize: 320, PerModality: 16, Steps: 30, BatchSize: 8, LearningRate: 3e-3,
            HeldOut: 6),
        TrainingPreset.Tiny => new(ImageBindConfig.Tiny, TextOf(ImageBindConfig.Tiny.OutEmbedDim, layers: 2, heads: 4),
            VocabularySize: 700, PerModality: 1200, Steps: 1100, BatchSize: 16, LearningRate: 1e-3, HeldOut: 100),
        _ => throw new ArgumentOutOfRangeException(nameof(preset), preset, "Unknown preset."),
    };

    // CLIP's causal text transformer at the joint width; 96 positions hold every world caption even in the Minimal preset's
    // nearly byte-level BPE (a two-object scene is 57 tokens there). eos 2 is the world BPE's </s>.
    private static ClipTextConfig TextOf(int width, int layers, int heads) => new()
    {
        HiddenSize = width,
        IntermediateSize = width * 4,
        NumHiddenLayers = layers,
        NumAttentionHeads = heads,
        MaxPositionEmbeddings = 96,
        HiddenAct = "quick_gelu",
        EosTokenId = 2,
    };
}
