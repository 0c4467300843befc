using NextGpt.Realtime.Modeling.Tokenization;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Prompting;

/// <summary>One piece of a prompt: text to tokenize, or media already projected to LLM tokens.</summary>
public abstract record PromptSegment;

/// <summary>Text, tokenized without special tokens; the assembler decides about BOS.</summary>
public sealed record PromptText(string Text) : PromptSegment;

/// <summary>
/// Projected media (<see cref="Projectors.InputProjector"/>), wrapped between the tokens of <paramref name="Open"/> and
/// <paramref name="Close"/>. NExT-GPT's released model wraps image, audio and video alike in <c>&lt;Img&gt;</c> ...
/// <c>&lt;/Img&gt;</c> (architecture notes section 2.1).
/// </summary>
/// <param name="Tokens">(1, n, hidden): for the legacy model n = 1 (several items of a tag already summed).</param>
public sealed record PromptMedia(Tensor Tokens, string Open = SignalTokens.ImageStartText, string Close = SignalTokens.ImageEndText)
    : PromptSegment;
