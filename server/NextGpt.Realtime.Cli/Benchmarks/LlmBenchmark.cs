using System.Diagnostics;
using NextGpt.Realtime.Modeling.Caching;
using NextGpt.Realtime.Modeling.LanguageModel;
using NextGpt.Realtime.Modeling.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Cli.Benchmarks;

/// <summary>
/// <c>nextgpt bench llm --config tiny|7b</c>: prefill milliseconds for a 128-token prompt and decode tokens per second
/// (KV cache, one new position per step), at batch 1 and batch 8, with random weights. Medians over the iterations.
/// </summary>
public sealed class LlmBenchmark : IBenchmark
{
    private const int PromptLength = 128;
    private const int DecodeSteps = 32;

    public string Name => "llm";

    public string Description => "LLaMA prefill ms and decode tokens/s at batch 1 and 8 (random weights).";

    public IReadOnlyList<string> Configs => ["tiny", "7b"];

    public void Run(string config, int iterations, TextWriter output)
    {
        var llama = config == "7b" ? LlamaConfig.Vicuna7B : LlamaConfig.Tiny;
        var device = TorchRuntime.Initialize().Device;
        var dtype = device.type == DeviceType.CUDA ? ScalarType.BFloat16 : ScalarType.Float32;
        var bytes = EstimateParameters(llama) * (dtype == ScalarType.Float32 ? 4L : 2L);
        if (device.type == DeviceType.CPU && bytes > GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2)
        {
            output.WriteLine($"llm {config}: {bytes / (1L << 30)} GiB of {dtype} weights does not fit this machine's memory; run it on a GPU build.");
            return;
        }

        using var model = new LlamaForCausalLM(llama, device);
        model.to(dtype).eval();
        using var noGrad = no_grad();
        output.WriteLine($"llm {config}: {llama.NumHiddenLayers} layers, d {llama.HiddenSize}, {dtype}, prompt {PromptLength}, {DecodeSteps} decode steps");
        foreach (var batch in new[] { 1, 8 })
        {
            var prefill = new List<double>();
            var decode = new List<double>();
            for (var i = 0; i <= iterations; i++)
            {
                using var scope = NewDisposeScope();
                using var cache = new KvCache(llama.NumHiddenLayers);
                var prompt = randint(llama.VocabSize, [batch, PromptLength], device: device);
                var clock = Stopwatch.StartNew();
                var logits = model.forward(new LlamaInput(InputIds: prompt, Cache: cache)).Logits;
                var next = logits.select(1, -1).argmax(-1).unsqueeze(1);                  // (B, 1)
                var prefillMs = clock.Elapsed.TotalMilliseconds;
                clock.Restart();
                for (var step = 0; step < DecodeSteps; step++)
                {
                    using var stepScope = NewDisposeScope();
                    next = model.forward(new LlamaInput(InputIds: next, Cache: cache)).Logits.select(1, -1).argmax(-1).unsqueeze(1)
                        .MoveToOuterDisposeScope();
                }

                _ = next.cpu();
                var decodeSeconds = clock.Elapsed.TotalSeconds;
                if (i > 0)
                {
                    prefill.Add(prefillMs);
                    decode.Add(batch * DecodeSteps / decodeSeconds);
                }
            }

            output.WriteLine($"  batch {batch}: prefill {Median(prefill):F1} ms, decode {Median(decode):F1} tokens/s " +
                             $"({Median(decode) / batch:F1} per sequence)");
        }
    }

    private static long EstimateParameters(LlamaConfig c) =>
        (2L * c.VocabSize * c.HiddenSize) + (c.NumHiddenLayers * ((2L * c.HiddenSize * c.HiddenSize)
            + (2L * c.HiddenSize * c.KeyValueHeads * c.HeadDim) + (3L * c.HiddenSize * c.IntermediateSize)));

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
    }
}
