using NextGpt.Realtime.Modeling.Tokenization;

namespace NextGpt.Realtime.Modeling.Turns;

/// <summary>One earlier exchange of the conversation, as text (legacy NExT-GPT re-reads history as text; generated media are
/// not fed back, architecture notes section 2.1).</summary>
public sealed record PriorExchange(string User, string Assistant);

/// <summary>An input medium as its encoder's embedding (ImageBind: 1024-d, clip-averaged) and its kind ("image", "audio",
/// "video"); items of one kind are summed into one LLM token, as the legacy model does.</summary>
public sealed record InputEmbedding(string Kind, float[] Embedding);

/// <summary>What one turn asks of the model.</summary>
/// <param name="Persona">Who the NPC is, read before the conversation (the legacy model has no system prompt; the persona
/// line takes that place).</param>
/// <param name="Allowed">Media the reply may produce; signal runs of other media are not decoded.</param>
/// <param name="Required">Media the reply must produce: the signal run is emitted before the reply ends if the model has not.</param>
public sealed record TurnInput(
    string UserText,
    string? Persona = null,
    IReadOnlyList<PriorExchange>? History = null,
    IReadOnlyList<InputEmbedding>? Media = null,
    IReadOnlySet<SignalModality>? Allowed = null,
    IReadOnlySet<SignalModality>? Required = null);
