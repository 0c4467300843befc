using NextGpt.Realtime.Modeling.LanguageModel;
using NextGpt.Realtime.Modeling.Pipelines;
using NextGpt.Realtime.Modeling.Projectors;
using NextGpt.Realtime.Modeling.Tokenization;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Turns;

/// <summary>
/// The parts of NExT-GPT one turn runs through (paper Figure 1): the LLM and its tokenizer, the input projector that turns
/// encoder embeddings into LLM tokens, and per output medium the output projector and the diffusion decoder it conditions.
/// A medium without a decoder is never produced; without an <see cref="ImageBindMediaEncoder"/> no input media can be read. Unconditional embeddings (the decoder text encoder's encoding of "",
/// architecture notes section 5.1) enable classifier-free guidance; without them a decoder runs unguided.
/// <see cref="BosPerTextSegment"/>: the released checkpoint was served with a BOS before every text segment of the prompt
/// (the legacy demo's tokenizer call per segment); a model trained here with one BOS per prompt, as <c>prompt_wrap</c> builds
/// it in training, is served that way.
/// </summary>
public sealed record NextGptModel(
    LlamaForCausalLM Llm,
    ITextTokenizer Tokenizer,
    InputProjector InputProjector,
    IReadOnlyDictionary<SignalModality, OutputProjector> OutputProjectors,
    ImageDiffusionPipeline? ImageDecoder = null,
    Tensor? ImageUnconditional = null,
    AudioDiffusionPipeline? AudioDecoder = null,
    Tensor? AudioUnconditional = null,
    ImageBindMediaEncoder? Encoder = null,
    VideoDiffusionPipeline? VideoDecoder = null,
    Tensor? VideoUnconditional = null,
    bool BosPerTextSegment = true)
{
    /// <summary>The media this model can produce: a signal run, an output projector and a decoder.</summary>
    public IReadOnlySet<SignalModality> ProducibleMedia => OutputProjectors.Keys
        .Where(m => m switch
        {
            SignalModality.Image => ImageDecoder is not null,
            SignalModality.Audio => AudioDecoder is not null,
            SignalModality.Video => VideoDecoder is not null,
            _ => false,
        })
        .ToHashSet();
}
