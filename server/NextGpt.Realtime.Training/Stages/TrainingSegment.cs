using NextGpt.Realtime.Modeling.Tokenization;

namespace NextGpt.Realtime.Training.Stages;

/// <summary>
/// One piece of a training sequence. A sequence is prompt text (not learned), input media (one projected token each,
/// not learned), and answer text and output signals (learned). Consecutive text pieces of the same kind are tokenized
/// together, as the legacy code tokenizes each prompt and answer string whole.
/// </summary>
public abstract record TrainingSegment;

/// <summary>Text the model reads but is not trained to produce (labels -100).</summary>
public sealed record PromptText(string Text) : TrainingSegment;

/// <summary>Text the model learns to produce.</summary>
public sealed record AnswerText(string Text) : TrainingSegment;

/// <summary>
/// An input medium as its frozen encoder's embedding (ImageBind, 1024-d for the released model, clip-averaged), which the
/// input projector turns into one LLM token (legacy <c>llama_proj</c>; architecture notes section 2.1).
/// </summary>
public sealed record InputMedia(float[] Embedding) : TrainingSegment;

/// <summary>
/// The signal tokens of an output medium inside the answer, learned as text, plus the conditioning the medium's output
/// projector must produce from their hidden states: the decoder text encoder's embedding of the caption (image 77 x 768,
/// video 77 x 1024, audio 1 x 512 for the released model), row-major.
/// </summary>
public sealed record OutputSignals(SignalModality Modality, float[] Target) : TrainingSegment;
