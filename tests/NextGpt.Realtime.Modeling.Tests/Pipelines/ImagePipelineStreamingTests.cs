using NextGpt.Realtime.Modeling.Media.Images;
using NextGpt.Realtime.Modeling.Decoders.Diffusion;
using NextGpt.Realtime.Modeling.Pipelines;
using NextGpt.Realtime.Modeling.Runtime;
using NextGpt.Realtime.Modeling.Schedulers;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Pipelines;

/// <summary>Progressive previews, streaming and cancellation of the image pipeline (tiny UNet and VAE fixtures).</summary>
public sealed class ImagePipelineStreamingTests : IDisposable
{
    private readonly UNet2DConditionModel _unet;
    private readonly AutoencoderKL _vae;
    private readonly Tensor _prompt;
    private readonly Tensor _negative;

    public ImagePipelineStreamingTests()
    {
        TorchRuntime.Initialize();
        _unet = UNet2DConditionModel.FromPretrained(Fixtures.PathOf("diffusion", "unet-tiny", "model"));
        _vae = AutoencoderKL.FromPretrained(Fixtures.PathOf("diffusion", "vae-tiny", "model"));
        _prompt = DiffusionNoise.Randn([1, 5, 24], 1).DetachFromDisposeScope();
        _negative = DiffusionNoise.Randn([1, 5, 24], 2).DetachFromDisposeScope();
    }

    private static ImageGenerationOptions Options => new()
    {
        NumInferenceSteps = 6, GuidanceScale = 5.0, Seed = 7, Height = 16, Width = 16, PreviewEvery = 2,
    };

    [Fact]
    public async Task Streaming_DeliversPreviewsDuringTheLoopThenTheSameImageAsGenerate()
    {
        var pipeline = Pipeline(LatentRgbProjection.FitToVae(_vae));
        var events = new List<DiffusionEvent>();
        await foreach (var item in pipeline.GenerateStreaming(_prompt, _negative, Options))
        {
            events.Add(item);
        }

        using var scope = NewDisposeScope();
        using var direct = pipeline.Generate(_prompt, _negative, Options);
        var progress = events.OfType<DiffusionProgress>().ToList();
        var completed = Assert.IsType<DiffusionCompleted>(events[^1]);

        // PNDM with skip_prk_steps: 6 requested steps are 7 model calls; previews after calls 2, 4 and 6 (not the last).
        Assert.Equal(Enumerable.Range(1, 7), progress.Select(p => p.Step));
        Assert.Equal([2, 4, 6], progress.Where(p => p.Preview is not null).Select(p => p.Step));
        Assert.All(progress.Where(p => p.Preview is not null), p => Assert.Equal((8, 8), (p.Preview!.Width, p.Preview.Height)));
        Assert.Equal(direct.Images[0].Pixels, completed.Images[0].Pixels);
    }

    [Fact]
    public void VaePreviews_AreFullResolutionDecodesOfTheX0Estimate()
    {
        using var scope = NewDisposeScope();
        var previews = new List<RgbImage>();
        using var result = Pipeline(null).Generate(_prompt, _negative, Options with { Preview = PreviewMode.Vae },
            new SynchronousProgress(p => previews.AddRange(p.Preview is null ? [] : [p.Preview])));

        Assert.Equal(3, previews.Count);
        Assert.All(previews, p => Assert.Equal((16, 16), (p.Width, p.Height)));
        Assert.NotEqual(previews[0].Pixels, previews[^1].Pixels);
    }

    [Fact]
    public void Cancellation_StopsBeforeTheNextStep()
    {
        using var scope = NewDisposeScope();
        using var cancel = new CancellationTokenSource();
        var steps = 0;
        var progress = new SynchronousProgress(p =>
        {
            steps = p.Step;
            if (p.Step == 3)
            {
                cancel.Cancel();
            }
        });

        Assert.ThrowsAny<OperationCanceledException>(() => Pipeline(null).Generate(_prompt, _negative, Options with { Preview = PreviewMode.None },
            progress, cancel.Token));
        Assert.Equal(3, steps);
    }

    [Fact]
    public async Task StoppingTheStreamEarly_EndsWithoutErrorOrHang()
    {
        var seen = 0;
        await foreach (var item in Pipeline(null).GenerateStreaming(_prompt, _negative, Options with { Preview = PreviewMode.None }))
        {
            seen++;
            if (item is DiffusionProgress { Step: 2 })
            {
                break;
            }
        }

        Assert.Equal(2, seen);
    }

    public void Dispose()
    {
        _unet.Dispose();
        _vae.Dispose();
        _prompt.Dispose();
        _negative.Dispose();
    }

    private ImageDiffusionPipeline Pipeline(LatentRgbProjection? projection) =>
        new(_unet, _vae, SchedulerConfig.StableDiffusion15, projection);
}
