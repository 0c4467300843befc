using NextGpt.Realtime.Modeling.Media.Images;
using NextGpt.Realtime.Modeling.Runtime;
using NextGpt.Realtime.Modeling.Sampling;
using NextGpt.Realtime.Modeling.Tokenization;
using NextGpt.Realtime.Modeling.Turns;

namespace NextGpt.Realtime.Modeling.Tests.Turns;

public sealed class NextGptTurnEngineTests
{
    private static readonly TurnSettings Fast = new()
    {
        MaxNewTokens = 12, ImageSize = 32, DiffusionSteps = 4, PreviewEvery = 2, Sampling = new SamplingOptions(Temperature: 1.0, Seed: 5),
    };

    public NextGptTurnEngineTests() => TorchRuntime.Initialize();

    [Fact]
    public void A_text_turn_streams_the_reply_and_produces_no_media_unless_asked()
    {
        var model = TinyNextGpt.Build();
        var observer = new RecordingObserver();

        var result = new NextGptTurnEngine(model).Run(new TurnInput("hello there", Persona: "Mira, the innkeeper"), Fast with { },
            observer);

        Assert.InRange(result.GeneratedTokens, 1, 12);
        Assert.Equal(result.ReplyText, string.Concat(observer.Events.OfType<string>()).Trim());
        Assert.All(observer.Events, e => Assert.IsType<string>(e));
        Assert.DoesNotContain("[IMG", result.ReplyText, StringComparison.Ordinal);
    }

    [Fact]
    public void A_required_image_arrives_after_the_text_with_previews_then_the_final_image()
    {
        var model = TinyNextGpt.Build();
        var observer = new RecordingObserver();
        var input = new TurnInput("draw me a blue star", Required: new HashSet<SignalModality> { SignalModality.Image });

        var result = new NextGptTurnEngine(model).Run(input, Fast, observer);

        Assert.Equal([SignalModality.Image], result.Media);
        var media = observer.Events.SkipWhile(e => e is string).ToList();
        Assert.Equal(("started", 1, SignalModality.Image), media[0]);
        var previews = media.OfType<(string, int, RgbImage)>().Where(e => e.Item1 == "preview").ToList();
        Assert.Equal(2, previews.Count);
        var final = Assert.Single(media.OfType<(string, int, RgbImage)>(), e => e.Item1 == "image");
        Assert.Equal((32, 32, 32 * 32 * 3), (final.Item3.Width, final.Item3.Height, final.Item3.Pixels.Length));
        Assert.Equal(("completed", 1, SignalModality.Image), media[^1]);
    }

    [Fact]
    public void A_required_video_arrives_as_its_frames_in_order()
    {
        var model = TinyNextGpt.Build();
        var observer = new RecordingObserver();
        var input = new TurnInput("show me a red circle moving", Required: new HashSet<SignalModality> { SignalModality.Video });

        var tooShort = Assert.Throws<ArgumentException>(() => new NextGptTurnEngine(model).Run(input, Fast, observer));
        Assert.Contains("24 signal tokens", tooShort.Message, StringComparison.Ordinal);

        var result = new NextGptTurnEngine(model).Run(input, Fast with { VideoFrames = 3, MaxNewTokens = 40 }, observer);

        Assert.Equal([SignalModality.Video], result.Media);
        var media = observer.Events.SkipWhile(e => e is string).ToList();
        Assert.Equal(("started", 1, SignalModality.Video), media[0]);
        var frames = media.OfType<(string, int, RgbImage)>().Where(e => e.Item1 == "frame").Select(e => e.Item3).ToList();
        Assert.Equal(3, frames.Count);
        Assert.All(frames, f => Assert.Equal((32, 32), (f.Width, f.Height)));
        Assert.Equal(("completed", 1, SignalModality.Video), media[^1]);
    }

    [Fact]
    public void Input_media_become_projected_prompt_tokens_and_bad_widths_are_refused()
    {
        var model = TinyNextGpt.Build();
        var plain = new NextGptTurnEngine(model).Run(new TurnInput("what do you see?"), Fast, new RecordingObserver());
        var image = new InputEmbedding("image", Enumerable.Range(0, TinyNextGpt.EncoderWidth).Select(i => i / 10f).ToArray());

        var withImage = new NextGptTurnEngine(model).Run(new TurnInput("what do you see?", Media: [image]), Fast, new RecordingObserver());

        // <Img>, the projected token, </Img> and the second BOS of the legacy prompt (one BOS per text segment).
        Assert.Equal(plain.PromptTokens + 4, withImage.PromptTokens);
        var wrong = new InputEmbedding("image", new float[5]);
        Assert.Throws<ArgumentException>(() => new NextGptTurnEngine(model).Run(new TurnInput("what?", Media: [wrong]), Fast, new RecordingObserver()));
    }

    [Fact]
    public void Cancelling_stops_the_turn_between_steps_and_unproducible_media_are_refused()
    {
        var model = TinyNextGpt.Build();
        using var cancel = new CancellationTokenSource();
        var observer = new RecordingObserver(onText: cancel.Cancel);

        Assert.ThrowsAny<OperationCanceledException>(() =>
            new NextGptTurnEngine(model).Run(new TurnInput("hello there"), Fast with { MaxNewTokens = 40 }, observer, cancel.Token));
        Assert.Single(observer.Events);

        var audio = new TurnInput("play a sound", Required: new HashSet<SignalModality> { SignalModality.Audio });
        var error = Assert.Throws<ArgumentException>(() => new NextGptTurnEngine(model).Run(audio, Fast, new RecordingObserver()));
        Assert.Contains("Audio", error.Message, StringComparison.Ordinal);
    }

    private sealed class RecordingObserver(Action? onText = null) : ITurnObserver
    {
        public List<object> Events { get; } = [];

        public void OnText(string delta)
        {
            Events.Add(delta);
            onText?.Invoke();
        }

        public void OnMediaStarted(int partId, SignalModality modality) => Events.Add(("started", partId, modality));

        public void OnImagePreview(int partId, RgbImage preview, int step, int totalSteps) => Events.Add(("preview", partId, preview));

        public void OnImage(int partId, RgbImage image) => Events.Add(("image", partId, image));

        public void OnAudio(int partId, float[] samples, int sampleRate) => Events.Add(("audio", partId, samples));

        public void OnVideoFrame(int partId, RgbImage frame, int index, int frameCount) => Events.Add(("frame", partId, frame));

        public void OnMediaCompleted(int partId, SignalModality modality) => Events.Add(("completed", partId, modality));
    }
}
