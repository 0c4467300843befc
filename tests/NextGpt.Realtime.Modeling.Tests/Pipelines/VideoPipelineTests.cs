using NextGpt.Realtime.Modeling.Checkpoints;
using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Modeling.Pipelines;
using NextGpt.Realtime.Modeling.Runtime;
using NextGpt.Realtime.Modeling.Schedulers;
using NextGpt.Realtime.Modeling.Tests.Decoders.Diffusion;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Pipelines;

/// <summary>
/// The video pipeline against diffusers 0.17.1's TextToVideoSDPipeline loop (tests/Fixtures/diffusion/loops/video-*:
/// tiny UNet3D and VAE, 3 frames, 8 steps, guidance 7.5, seed 2024), and its streaming: previews during the loop, frames
/// one by one as they are decoded, cancellation between steps and between frames.
/// </summary>
public sealed class VideoPipelineTests : IDisposable
{
    private readonly UNet3DConditionModel _unet;
    private readonly AutoencoderKL _vae;
    private readonly Tensor _prompt;
    private readonly Tensor _negative;

    public VideoPipelineTests()
    {
        TorchRuntime.Initialize();
        _unet = UNet3DConditionModel.FromPretrained(Fixtures.PathOf("diffusion", "unet3d-tiny", "model"));
        _vae = AutoencoderKL.FromPretrained(Fixtures.PathOf("diffusion", "vae-tiny", "model"));
        _prompt = DiffusionNoise.Randn([1, 5, 16], 1).DetachFromDisposeScope();
        _negative = DiffusionNoise.Randn([1, 5, 16], 2).DetachFromDisposeScope();
    }

    public static TheoryData<string> Schedulers_ => new() { "ddim", "dpm" };

    private static VideoGenerationOptions Options => new()
    {
        NumInferenceSteps = 5, GuidanceScale = 6.0, Seed = 3, Height = 16, Width = 16, NumFrames = 3, PreviewEvery = 2,
    };

    [Theory]
    [MemberData(nameof(Schedulers_))]
    public void Pipeline_MatchesDiffusersFromSeedToFrames(string scheduler)
    {
        using var scope = NewDisposeScope();
        var folder = Fixtures.PathOf("diffusion", "loops", $"video-{scheduler}");
        var expected = SafeTensorsFile.Load(Path.Combine(folder, "video.safetensors"));
        var pipeline = new VideoDiffusionPipeline(_unet, _vae, SchedulerConfig.Load(Path.Combine(folder, "scheduler_config.json")));
        var events = new SynchronousEvents();

        using var result = pipeline.Generate(expected["prompt_embeds"], expected["negative_prompt_embeds"],
            new VideoGenerationOptions { NumInferenceSteps = 8, GuidanceScale = 7.5, Seed = 2024, Height = 16, Width = 16, NumFrames = 3, Preview = PreviewMode.None },
            events);

        Assert.Equal(expected["timesteps"].to_type(ScalarType.Float64).data<double>().ToArray(),
            events.Events.OfType<VideoDiffusionProgress>().Select(p => p.Timestep));
        DiffusionAssert.Close(expected["latents"], result.Latents, what: "latents");
        DiffusionAssert.Close(expected["pixels"], result.Pixels, what: "pixels");
        // tensor2vid's uint8 frames (1, H, W, 3 per frame): truncation may differ by one level where a float lands on a boundary.
        var frames = expected["frames"].to_type(ScalarType.Int32);
        for (var f = 0; f < 3; f++)
        {
            var ours = tensor(result.Videos[0][f].Pixels.Select(b => (int)b).ToArray()).reshape(16, 16, 3);
            Assert.True((ours - frames[f]).abs().max().item<int>() <= 1, $"frame {f}");
        }
    }

    [Fact]
    public void Events_ArePerStepThenEveryFrameInOrder_WithLatentPreviewsOfEveryFrame()
    {
        using var scope = NewDisposeScope();
        var events = new SynchronousEvents();
        using var result = Pipeline(LatentRgbProjection.FitToVae(_vae)).Generate(_prompt, _negative, Options, events);

        var steps = events.Events.TakeWhile(e => e is VideoDiffusionProgress).Cast<VideoDiffusionProgress>().ToList();
        var frames = events.Events.Skip(steps.Count).Cast<VideoFrameDecoded>().ToList();
        Assert.Equal(Enumerable.Range(1, 5), steps.Select(p => p.Step));
        Assert.Equal([2, 4], steps.Where(p => p.PreviewFrames is not null).Select(p => p.Step));
        Assert.All(steps.Where(p => p.PreviewFrames is not null), p =>
        {
            Assert.Equal(3, p.PreviewFrames!.Count);
            Assert.All(p.PreviewFrames, image => Assert.Equal((8, 8), (image.Width, image.Height)));
        });
        Assert.Equal([0, 1, 2], frames.Select(f => f.Index));
        Assert.Equal(result.Videos[0].Select(f => f.Pixels), frames.Select(f => f.Frame.Pixels));
        Assert.Equal([1L, 3, 3, 16, 16], result.Pixels.shape);
    }

    [Fact]
    public void VaePreviews_DecodeTheMiddleFrame()
    {
        using var scope = NewDisposeScope();
        var events = new SynchronousEvents();
        using var result = Pipeline(null).Generate(_prompt, _negative, Options with { Preview = PreviewMode.Vae }, events);

        var previews = events.Events.OfType<VideoDiffusionProgress>().Where(p => p.PreviewFrames is not null).ToList();
        Assert.Equal(2, previews.Count);
        Assert.All(previews, p => Assert.Equal((16, 16), (Assert.Single(p.PreviewFrames!).Width, p.PreviewFrames![0].Height)));
    }

    [Fact]
    public async Task Streaming_DeliversFramesBeforeCompletion_AndTheSameVideoAsGenerate()
    {
        var pipeline = Pipeline(LatentRgbProjection.FitToVae(_vae));
        var events = new List<DiffusionEvent>();
        await foreach (var item in pipeline.GenerateStreaming(_prompt, _negative, Options))
        {
            events.Add(item);
        }

        using var scope = NewDisposeScope();
        using var direct = pipeline.Generate(_prompt, _negative, Options);
        var completed = Assert.IsType<VideoCompleted>(events[^1]);
        Assert.Equal(3, events.OfType<VideoFrameDecoded>().Count());
        Assert.Equal(direct.Videos[0].Select(f => f.Pixels), completed.Videos[0].Select(f => f.Pixels));
        Assert.Equal(direct.Videos[0].Select(f => f.Pixels), events.OfType<VideoFrameDecoded>().Select(f => f.Frame.Pixels));
    }

    [Fact]
    public void Cancellation_StopsBeforeTheNextStep()
    {
        using var scope = NewDisposeScope();
        using var cancel = new CancellationTokenSource();
        var events = new SynchronousEvents(e =>
        {
            if (e is VideoDiffusionProgress { Step: 2 })
            {
                cancel.Cancel();
            }
        });

        Assert.ThrowsAny<OperationCanceledException>(() => Pipeline(null).Generate(_prompt, _negative, Options with { Preview = PreviewMode.None },
            events, cancel.Token));
        Assert.Equal(2, events.Events.Count);
    }

    [Fact]
    public void Cancellation_StopsBetweenFrameDecodes()
    {
        using var scope = NewDisposeScope();
        using var cancel = new CancellationTokenSource();
        var events = new SynchronousEvents(e =>
        {
            if (e is VideoFrameDecoded { Index: 0 })
            {
                cancel.Cancel();
            }
        });

        Assert.ThrowsAny<OperationCanceledException>(() => Pipeline(null).Generate(_prompt, _negative, Options with { Preview = PreviewMode.None },
            events, cancel.Token));
        Assert.Single(events.Events.OfType<VideoFrameDecoded>());
    }

    [Fact]
    public void BadInputs_AreRefusedClearly()
    {
        using var scope = NewDisposeScope();
        var pipeline = Pipeline(null);
        var missing = Assert.Throws<ArgumentException>(() => pipeline.Generate(_prompt, null, Options));
        Assert.Contains("unconditional", missing.Message, StringComparison.Ordinal);
        var width = Assert.Throws<ArgumentException>(() => pipeline.Generate(zeros(1, 77, 768), _negative, Options));
        Assert.Contains("(B, S, 16)", width.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => pipeline.Generate(_prompt, _negative, Options with { NumFrames = 0 }));
        Assert.Throws<ArgumentException>(() => pipeline.Generate(_prompt, _negative, Options with { Height = 15 }));
    }

    public void Dispose()
    {
        _unet.Dispose();
        _vae.Dispose();
        _prompt.Dispose();
        _negative.Dispose();
    }

    private VideoDiffusionPipeline Pipeline(LatentRgbProjection? projection) =>
        new(_unet, _vae, SchedulerConfig.Zeroscope576w, projection);
}
