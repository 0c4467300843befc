using System.Diagnostics;
using NextGpt.Realtime.Modeling.Caching;
using NextGpt.Realtime.Modeling.Generation;
using NextGpt.Realtime.Modeling.LanguageModel;
using NextGpt.Realtime.Modeling.Runtime;
using NextGpt.Realtime.Modeling.Sampling;
using TorchSharp;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Cli.Benchmarks;

/// <summary>
/// <c>nextgpt bench llm --config tiny|7b</c>: prefill milliseconds for a 128-token prompt and decode tokens per second
/// (KV cache, one new position per step), at batch 1 and batch 8, with random weights; then the serving path, a
/// <see cref="BatchedDecoder"/> with 8 sequences of different prompt lengths (padding masks, per-sequence sampling,
/// hidden states copied out every step). Medians over the iterations.
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
        var llama = config == "7b" ? LlamaConfig.NextGptVicuna7B : LlamaConfig.Tiny;
        var device = TorchRuntime.Initialize().Device;
        var dtype = device.type == DeviceType.CUDA ? ScalarType.BFloat16 : ScalarType.Float32;
        var bytes = EstimateParameters(llama) * (dtype == ScalarType.Float32 ? 4L : 2L);
        if (device.type == DeviceType.CPU && bytes > GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2)
        {
            var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
            output.WriteLine($"llm {config}: skipped: its {dtype} weights need {bytes / (double)(1L << 30):F1} GiB and this machine has " +
                             $"{available / (double)(1L << 30):F1} GiB (at most half is used for weights). Run it on a GPU build " +
                             "(-p:TorchBackend=cuda, NEXTGPT_DEVICE=cuda; bf16 there) or a machine with more memory.");
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

        var served = new List<double>();
        for (var i = 0; i <= iterations; i++)
        {
            var tokensPerSecond = MeasureBatchedDecoder(model, llama);
            if (i > 0)
            {
                served.Add(tokensPerSecond);
            }
        }

        output.WriteLine($"  BatchedDecoder, 8 sequences, prompts {PromptLength / 8}-{PromptLength} tokens: decode {Median(served):F1} tokens/s " +
                         $"({Median(served) / 8:F1} per sequence)");
    }

    /// <returns>Generated tokens per second over <see cref="DecodeSteps"/> steps, prefill excluded.</returns>
    private static double MeasureBatchedDecoder(LlamaForCausalLM model, LlamaConfig llama)
    {
        using var decoder = new BatchedDecoder(model);
        var random = new Random(1);
        var options = new GenerationOptions(DecodeSteps + 1, new HashSet<long>(), new SamplingOptions(Temperature: 0.8, TopP: 0.95));
        for (var row = 1; row <= 8; row++)
        {
            var prompt = Enumerable.Range(0, PromptLength * row / 8).Select(_ => (long)random.Next(llama.VocabSize)).ToArray();
            decoder.Add(prompt, options);
        }

        var clock = Stopwatch.StartNew();
        var tokens = 0;
        for (var step = 0; step < DecodeSteps; step++)
        {
            tokens += decoder.Step().Count;
        }

        return tokens / clock.Elapsed.TotalSeconds;
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
