using System.Diagnostics;
using NextGpt.Realtime.Modeling.Encoders.ImageBind;
using NextGpt.Realtime.Modeling.Projectors;
using NextGpt.Realtime.Modeling.Runtime;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Cli.Benchmarks;

/// <summary>
/// <c>nextgpt bench perception --config small|huge</c>: the ImageBind towers and the projectors with random weights, median
/// milliseconds for one image (1, 3, 224, 224), one audio item (3 fbank clips), one video item (15 two-frame clips, as
/// NExT-GPT samples them), the input projector on one embedding and the three output projectors on their signal tokens.
/// </summary>
public sealed class PerceptionBenchmark : IBenchmark
{
    public string Name => "perception";

    public string Description => "ImageBind image/audio/video encode and the input/output projectors: median ms (random weights).";

    public IReadOnlyList<string> Configs => ["small", "huge"];

    public void Run(string config, int iterations, TextWriter output)
    {
        var device = TorchRuntime.Initialize().Device;
        var imageBind = config == "huge" ? ImageBindConfig.Huge : ImageBindConfig.Small;
        using var noGrad = no_grad();
        using (var encoder = new ImageBindModel(imageBind, device))
        {
            encoder.eval();
            output.WriteLine($"perception {config}: ImageBind vision {imageBind.VisionEmbedDim}-d x {imageBind.VisionNumBlocks}, " +
                $"audio {imageBind.AudioEmbedDim}-d x {imageBind.AudioNumBlocks} on {device.type}");
            output.WriteLine($"  image  {MedianMs(iterations, () => encoder.EncodeVision(randn(1, 3, 224, 224, device: device))):F1} ms");
            output.WriteLine($"  audio  {MedianMs(iterations, () => encoder.EncodeAudio(randn([1, 3, 1, 128, 204], device: device))):F1} ms (3 clips)");
            // 15 clips are the heaviest input; after the image runs warmed the tower up, one run is a fair figure on a CPU.
            output.WriteLine($"  video  {MedianMs(1, () => encoder.EncodeVision(randn([1, 15, 3, 2, 224, 224], device: device)), warmUp: false):F1} ms (15 clips)");
        }

        using var input = new InputProjector(InputProjectorConfig.Legacy, device);
        output.WriteLine($"  input projector  {MedianMs(iterations, () => input.forward(randn(1, 1024, device: device))):F2} ms");
        foreach (var (name, preset) in new[] { ("image", OutputProjectorConfig.Image), ("video", OutputProjectorConfig.Video), ("audio", OutputProjectorConfig.Audio) })
        {
            using var projector = new OutputProjector(preset, device);
            projector.eval();
            var ms = MedianMs(iterations, () => projector.forward(
                randn(1, preset.NumInputTokens, preset.InDim, device: device), randn(1, preset.NumInputTokens, preset.InDim, device: device)));
            output.WriteLine($"  output projector {name} ({preset.NumInputTokens} -> {preset.NumOutputTokens}x{preset.OutDim})  {ms:F2} ms");
        }
    }

    private static double MedianMs(int iterations, Func<Tensor> run, bool warmUp = true)
    {
        var times = new List<double>();
        var first = warmUp ? 0 : 1;
        for (var i = first; i <= Math.Max(iterations, 1); i++)
        {
            using var scope = NewDisposeScope();
            var clock = Stopwatch.StartNew();
            run().cpu();
            clock.Stop();
            if (i > 0)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        times.Sort();
        return times[times.Count / 2];
    }
}
