using NextGpt.Realtime.Modeling.Adapters;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.LanguageModel;

/// <summary>The LLaMA decoder stack: token embedding, N pre-norm blocks, final RMSNorm (transformers' LlamaModel).</summary>
public sealed class LlamaModel : nn.Module
{
    private readonly LlamaConfig _config;

    [ComponentName(Name = "embed_tokens")] private readonly LlamaTokenEmbedding _embedTokens;
    [ComponentName(Name = "layers")] private readonly ModuleList<LlamaDecoderLayer> _layers;
    [ComponentName(Name = "norm")] private readonly LlamaRmsNorm _norm;

    public LlamaModel(LlamaConfig config, Device? device = null, LoraConfig? lora = null) : base(nameof(LlamaModel))
    {
        config.Validate();
        lora?.Validate();
        _config = config;
        _embedTokens = new LlamaTokenEmbedding(config.VocabSize, config.HiddenSize, device);
        _layers = new ModuleList<LlamaDecoderLayer>(
            Enumerable.Range(0, config.NumHiddenLayers).Select(i => new LlamaDecoderLayer(config, i, device, lora)).ToArray());
        _norm = new LlamaRmsNorm(config.HiddenSize, config.RmsNormEps, device);
        RegisterComponents();
    }

    public LlamaTokenEmbedding EmbedTokens => _embedTokens;

    public IReadOnlyList<LlamaDecoderLayer> Layers => [.. _layers];

    /// <summary>Token ids (B, T) to input embeddings (B, T, D); NExT-GPT splices media embeddings between these.</summary>
    public Tensor Embed(Tensor inputIds) => _embedTokens.forward(inputIds);

    /// <returns>The final-norm hidden states (B, T, D).</returns>
    public Tensor forward(LlamaInput input)
    {
        using var scope = NewDisposeScope();
        var embeds = (input.InputsEmbeds, input.InputIds) switch
        {
            ({ } e, null) => e,
            (null, { } ids) => _embedTokens.forward(ids),                                           // (B, T) -> (B, T, D)
            _ => throw new ArgumentException("Give exactly one of input_ids and inputs_embeds.", nameof(input)),
        };
        if (embeds.dim() != 3 || embeds.shape[2] != _config.HiddenSize)
        {
            throw new ArgumentException(
                $"inputs_embeds must be (batch, length, {_config.HiddenSize}); got [{string.Join(", ", embeds.shape)}].", nameof(input));
        }

        var (batch, length) = (embeds.shape[0], embeds.shape[1]);
        var past = input.Cache?.Length ?? 0;
        if (input.PositionIds is { } given && (given.dim() != 2 || given.shape[0] != batch || given.shape[1] != length))
        {
            throw new ArgumentException(
                $"position_ids must be ({batch}, {length}); got [{string.Join(", ", given.shape)}].", nameof(input));
        }

        var positions = input.PositionIds ?? DerivePositions(input.AttentionMask, batch, length, past, embeds.device);
        var rotary = LlamaRotaryEmbedding.Compute(positions, _config.HeadDim, _config.RopeTheta, embeds.dtype);
        var mask = LlamaAttentionMask.Build(input.AttentionMask, batch, length, past, embeds.dtype, embeds.device);

        var hidden = embeds;
        foreach (var layer in _layers)
        {
            hidden = layer.forward(hidden, rotary, mask, input.Cache);
        }

        return _norm.forward(hidden).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Positions count real tokens only, so a left-padded row starts at 0 like an unpadded one (transformers derives
    /// them the same way: cumsum of the mask minus one).
    /// </summary>
    private static Tensor DerivePositions(Tensor? paddingMask, long batch, long length, long past, Device device)
    {
        if (paddingMask is null)
        {
            return arange(past, past + length, device: device).unsqueeze(0).expand(batch, length);  // (B, T)
        }

        var counted = paddingMask.to(device).to_type(ScalarType.Int64).cumsum(1) - 1;              // (B, past + T)
        return counted.clamp_min(0).narrow(1, past, length);                                        // (B, T)
    }
}
