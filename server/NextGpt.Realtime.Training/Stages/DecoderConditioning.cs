using NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clap;
using NextGpt.Realtime.Modeling.Decoders.TextEncoders.Clip;
using NextGpt.Realtime.Modeling.Tokenization;
using NextGpt.Realtime.Modeling.Turns;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Stages;

/// <summary>
/// A decoder's text-encoder conditioning of a caption, the target of stage 2 and of stage 3's l2 loss (architecture notes
/// section 4.2): Stable Diffusion / Zeroscope read CLIP's last hidden state over the caption padded to the encoder's full
/// length, AudioLDM reads CLAP's L2-normalised projected text embedding. Encoded exactly as the decoder was trained to read
/// it, and cached, since the world repeats its captions.
/// </summary>
public sealed class DecoderConditioning : IDisposable
{
    private readonly Func<string, Tensor> _encode;
    private readonly nn.Module _textEncoder;
    private readonly Dictionary<string, float[]> _cache = new(StringComparer.Ordinal);

    private DecoderConditioning(nn.Module textEncoder, Func<string, Tensor> encode, long[] shape)
    {
        _textEncoder = textEncoder;
        _encode = encode;
        Shape = shape;
    }

    /// <summary>(tokens, width) of one caption's conditioning: what the medium's output projector must produce.</summary>
    public long[] Shape { get; }

    /// <summary>CLIP conditioning (image and video decoders): last hidden state (1, L, D) over ids padded to L.</summary>
    public static DecoderConditioning Clip(string textEncoderFolder, string tokenizerFolder)
    {
        var model = ClipTextModel.FromPretrained(textEncoderFolder);
        var tokenizer = TextTokenizerLoader.Load(tokenizerFolder);
        var length = model.Config.MaxPositionEmbeddings;
        return new DecoderConditioning(model, caption => model.forward(CaptionIds(tokenizer, caption, length)).LastHiddenState,
            [length, model.Config.HiddenSize]);
    }

    /// <summary>CLAP conditioning (audio decoder): normalised projected embedding (1, P), one token.</summary>
    public static DecoderConditioning Clap(string textEncoderFolder, string tokenizerFolder)
    {
        var model = ClapTextModelWithProjection.FromPretrained(textEncoderFolder);
        var tokenizer = TextTokenizerLoader.Load(tokenizerFolder);
        return new DecoderConditioning(model, caption =>
        {
            var ids = tokenizer.Encode(caption, addBos: true, addEos: true).Select(id => (long)id).ToArray();
            return model.EncodePrompt(tensor(ids).unsqueeze(0));
        }, [1, model.Config.ProjectionDim]);
    }

    /// <summary>The conditioning of each decoder the manifest lists with a text encoder, by medium.</summary>
    public static Dictionary<SignalModality, DecoderConditioning> FromModelFolder(string folder, NextGptModelManifest manifest)
    {
        string PathOf(string relative) => Path.GetFullPath(Path.Combine(folder, relative));
        var result = new Dictionary<SignalModality, DecoderConditioning>();
        foreach (var (modality, entry) in new[]
                 {
                     (SignalModality.Image, manifest.ImageDecoder), (SignalModality.Video, manifest.VideoDecoder),
                     (SignalModality.Audio, manifest.AudioDecoder),
                 })
        {
            if (entry is { TextEncoder: { } encoder, TextTokenizer: { } tokenizer })
            {
                result[modality] = modality == SignalModality.Audio
                    ? Clap(PathOf(encoder), PathOf(tokenizer))
                    : Clip(PathOf(encoder), PathOf(tokenizer));
            }
        }

        return result;
    }

    /// <summary>A caption's conditioning, row-major (tokens x width).</summary>
    public float[] Encode(string caption)
    {
        if (_cache.TryGetValue(caption, out var cached))
        {
            return cached;
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var values = _encode(caption).to(ScalarType.Float32).cpu().data<float>().ToArray();
        if (!values.All(float.IsFinite))
        {
            throw new InvalidDataException($"The decoder's text encoder gives non-finite conditioning for \"{caption}\": its weights are broken.");
        }

        _cache[caption] = values;
        return values;
    }

    /// <summary>BOS + caption + EOS, cut or padded (with the tokenizer's pad id) to the encoder's length.</summary>
    public static Tensor CaptionIds(ITextTokenizer tokenizer, string caption, int length)
    {
        var ids = tokenizer.Encode(caption, addBos: true, addEos: true).Select(id => (long)id).Take(length).ToList();
        ids.AddRange(Enumerable.Repeat((long)tokenizer.SpecialIds.Pad, length - ids.Count));
        return tensor(ids.ToArray()).unsqueeze(0);                                                  // (1, L)
    }

    public void Dispose() => _textEncoder.Dispose();
}
