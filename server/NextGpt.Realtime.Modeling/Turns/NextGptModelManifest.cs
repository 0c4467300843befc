using System.Text.Json.Serialization;

namespace NextGpt.Realtime.Modeling.Turns;

/// <summary>
/// <c>manifest.json</c> of a NExT-GPT model folder: where each part lives, as paths relative to the folder. Every part
/// is a folder in its own project format (transformers/diffusers <c>config.json</c> + safetensors, tokenizer files), so
/// converted checkpoints and the project's own trained models are laid out the same way.
/// </summary>
public sealed record NextGptModelManifest
{
    /// <summary>The LLaMA/Vicuna folder (LlamaForCausalLM.FromPretrained).</summary>
    [JsonPropertyName("llm")] public string Llm { get; init; } = "llm";

    /// <summary>The tokenizer folder (TextTokenizerLoader: SentencePiece or byte-level BPE), with NExT-GPT's added tokens.</summary>
    [JsonPropertyName("tokenizer")] public string Tokenizer { get; init; } = "tokenizer";

    [JsonPropertyName("input_projector")] public string InputProjector { get; init; } = "input_projector";

    /// <summary>Output projector folders by medium ("image", "audio", "video").</summary>
    [JsonPropertyName("output_projectors")] public Dictionary<string, string> OutputProjectors { get; init; } = [];

    [JsonPropertyName("image_decoder")] public DecoderEntry? ImageDecoder { get; init; }

    [JsonPropertyName("audio_decoder")] public DecoderEntry? AudioDecoder { get; init; }

    /// <summary>The video decoder (Zeroscope-shaped: a UNet3D; its VAE folder may be the image decoder's).</summary>
    [JsonPropertyName("video_decoder")] public DecoderEntry? VideoDecoder { get; init; }

    /// <summary>How the prompt's BOS tokens are placed: <c>per_text_segment</c> (the legacy demo, the released checkpoint) or
    /// <c>once</c> (one BOS per prompt, as the training code builds it; the project's own models).</summary>
    [JsonPropertyName("prompt_bos")] public string PromptBos { get; init; } = PerTextSegment;

    public const string PerTextSegment = "per_text_segment";

    public const string Once = "once";

    /// <summary>The ImageBind folder (config.json + safetensors) that reads input media; absent: text-only input.</summary>
    [JsonPropertyName("encoder")] public string? Encoder { get; init; }

    /// <summary>A diffusion decoder: UNet and VAE folders, the scheduler config, optionally the vocoder (audio) and the
    /// unconditional conditioning (a safetensors file with one tensor named <c>unconditional</c>) that enables guidance.</summary>
    public sealed record DecoderEntry
    {
        [JsonPropertyName("unet")] public string Unet { get; init; } = "";

        [JsonPropertyName("vae")] public string Vae { get; init; } = "";

        [JsonPropertyName("scheduler")] public string Scheduler { get; init; } = "";

        [JsonPropertyName("vocoder")] public string? Vocoder { get; init; }

        [JsonPropertyName("unconditional")] public string? Unconditional { get; init; }

        /// <summary>The decoder's text encoder (CLIP for images and video, CLAP for audio): stage 2's targets are its
        /// encodings of captions. Not needed to serve turns.</summary>
        [JsonPropertyName("text_encoder")] public string? TextEncoder { get; init; }

        /// <summary>The text encoder's tokenizer folder.</summary>
        [JsonPropertyName("text_tokenizer")] public string? TextTokenizer { get; init; }
    }
}
