namespace NextGpt.Realtime.Modeling.Tokenization;

/// <summary>
/// NExT-GPT's 38 added tokens and their ids in one tokenizer: <c>&lt;Img&gt;</c> and <c>&lt;/Img&gt;</c> (which wrap every
/// input medium, audio and video included), then the signal tokens whose hidden states drive the decoders: 4 [IMGi],
/// 24 [VIDi], 8 [AUDi].
/// </summary>
/// <remarks>
/// The order is that of the legacy model's <c>_add_image_token</c>, <c>_add_video_token</c>, <c>_add_audio_token</c>
/// (NExT-GPT-Lagacy/code/model/anyToImageVideoAudio.py): appended to LLaMA's 32,000 pieces they get ids 32000..32037
/// (<c>&lt;Img&gt;</c>=32000, <c>&lt;/Img&gt;</c>=32001, [IMG0..3]=32002..32005, [VID0..23]=32006..32029,
/// [AUD0..7]=32030..32037).
/// </remarks>
public sealed class SignalTokens
{
    public const string ImageStartText = "<Img>";
    public const string ImageEndText = "</Img>";
    public const int ImageTokenCount = 4;
    public const int VideoTokenCount = 24;
    public const int AudioTokenCount = 8;

    /// <summary>The 38 added token texts in the order NExT-GPT adds them.</summary>
    public static IReadOnlyList<string> AddedTokenTexts { get; } =
    [
        ImageStartText,
        ImageEndText,
        .. Enumerable.Range(0, ImageTokenCount).Select(i => $"[IMG{i}]"),
        .. Enumerable.Range(0, VideoTokenCount).Select(i => $"[VID{i}]"),
        .. Enumerable.Range(0, AudioTokenCount).Select(i => $"[AUD{i}]"),
    ];

    private SignalTokens(int imageStart, int imageEnd, int[] image, int[] video, int[] audio)
    {
        ImageStart = imageStart;
        ImageEnd = imageEnd;
        Image = image;
        Video = video;
        Audio = audio;
    }

    /// <summary>Id of <c>&lt;Img&gt;</c>.</summary>
    public int ImageStart { get; }

    /// <summary>Id of <c>&lt;/Img&gt;</c>.</summary>
    public int ImageEnd { get; }

    /// <summary>Ids of [IMG0]..[IMG3].</summary>
    public IReadOnlyList<int> Image { get; }

    /// <summary>Ids of [VID0]..[VID23].</summary>
    public IReadOnlyList<int> Video { get; }

    /// <summary>Ids of [AUD0]..[AUD7].</summary>
    public IReadOnlyList<int> Audio { get; }

    /// <summary>The signal ids of one medium, in order.</summary>
    public IReadOnlyList<int> For(SignalModality modality) => modality switch
    {
        SignalModality.Image => Image,
        SignalModality.Video => Video,
        SignalModality.Audio => Audio,
        _ => throw new ArgumentOutOfRangeException(nameof(modality), modality, "Unknown signal modality."),
    };

    /// <summary>The medium whose signal tokens include <paramref name="id"/>, or null for any other id.</summary>
    public SignalModality? ModalityOf(int id) =>
        Image.Contains(id) ? SignalModality.Image
        : Video.Contains(id) ? SignalModality.Video
        : Audio.Contains(id) ? SignalModality.Audio
        : null;

    /// <summary>Looks every added token up by its text; a tokenizer that lacks one is not a NExT-GPT tokenizer.</summary>
    internal static SignalTokens Resolve(Func<string, int?> idOf)
    {
        int Id(string text) => idOf(text)
            ?? throw new InvalidOperationException($"The tokenizer has no id for NExT-GPT's added token '{text}'.");

        int[] Ids(string prefix, int count) => [.. Enumerable.Range(0, count).Select(i => Id($"[{prefix}{i}]"))];

        return new SignalTokens(Id(ImageStartText), Id(ImageEndText), Ids("IMG", ImageTokenCount), Ids("VID", VideoTokenCount),
            Ids("AUD", AudioTokenCount));
    }
}
