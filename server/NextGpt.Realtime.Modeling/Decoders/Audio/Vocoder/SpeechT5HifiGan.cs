using NextGpt.Realtime.Modeling.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Audio.Vocoder;

/// <summary>
/// The HiFi-GAN vocoder as transformers' SpeechT5HifiGan (AudioLDM's <c>vocoder/</c>): log-mel frames to a waveform in
/// [-1, 1]. conv_pre; per stage leaky_relu, a transposed convolution (upsampler.{i}) and the mean of the stage's residual
/// blocks (resblocks.{i * kernels + j}); leaky_relu, conv_post, tanh. Keys as transformers'; weights must be plain
/// (weight norm folded, as transformers' and diffusers' checkpoints store them).
/// </summary>
public sealed class SpeechT5HifiGan : nn.Module
{
    private const string MeanKey = "mean";
    private const string ScaleKey = "scale";

    [ComponentName(Name = "conv_pre")] private readonly Conv1d _convPre;
    [ComponentName(Name = "upsampler")] private readonly ModuleList<ConvTranspose1d> _upsampler;
    [ComponentName(Name = "resblocks")] private readonly ModuleList<HifiGanResidualBlock> _resblocks;
    [ComponentName(Name = "conv_post")] private readonly Conv1d _convPost;
    [ComponentName(Name = MeanKey)] private readonly Tensor _mean;
    [ComponentName(Name = ScaleKey)] private readonly Tensor _scale;

    public SpeechT5HifiGan(SpeechT5HifiGanConfig config, Device? device = null) : base(nameof(SpeechT5HifiGan))
    {
        config.Validate();
        Config = config;
        var channels = config.UpsampleInitialChannel;
        _convPre = nn.Conv1d(config.ModelInDim, channels, 7, padding: 3, device: device);
        _upsampler = new ModuleList<ConvTranspose1d>(config.UpsampleRates.Select((rate, i) => nn.ConvTranspose1d(
            channels >> i, channels >> (i + 1), config.UpsampleKernelSizes[i], stride: rate,
            padding: (config.UpsampleKernelSizes[i] - rate) / 2, device: device)).ToArray());
        _resblocks = new ModuleList<HifiGanResidualBlock>(Enumerable.Range(0, config.UpsampleRates.Length)
            .SelectMany(i => config.ResblockKernelSizes.Select((kernel, j) => new HifiGanResidualBlock(
                channels >> (i + 1), kernel, config.ResblockDilationSizes[j], config.LeakyReluSlope, device)))
            .ToArray());
        _convPost = nn.Conv1d(channels >> config.UpsampleRates.Length, 1, 7, padding: 3, device: device);
        _mean = zeros(config.ModelInDim, device: device);
        _scale = ones(config.ModelInDim, device: device);
        ContextFrames = ComputeContextFrames(config, _resblocks);
        RegisterComponents();
    }

    public SpeechT5HifiGanConfig Config { get; }

    /// <summary>
    /// Spectrogram frames either side of a frame that its waveform samples depend on: cutting the input this far from a
    /// chunk's edges leaves the chunk's samples exactly as the whole-sequence pass computes them (see VocoderStream).
    /// </summary>
    public int ContextFrames { get; }

    /// <summary>Waveform samples the whole-sequence pass produces for <paramref name="frames"/> spectrogram frames.</summary>
    public long OutputLength(long frames)
    {
        var length = frames;
        for (var i = 0; i < Config.UpsampleRates.Length; i++)
        {
            var (rate, kernel) = (Config.UpsampleRates[i], Config.UpsampleKernelSizes[i]);
            length = ((length - 1) * rate) - (2 * ((kernel - rate) / 2)) + kernel;
        }

        return length;
    }

    /// <param name="spectrogram">Log-mel frames (B, T, model_in_dim), or (T, model_in_dim) for one.</param>
    /// <returns>The waveform (B, samples), or (samples) for an unbatched input; samples = <see cref="OutputLength"/>(T).</returns>
    public Tensor forward(Tensor spectrogram)
    {
        if (spectrogram.dim() is not (2 or 3) || spectrogram.shape[^1] != Config.ModelInDim || spectrogram.shape[^2] == 0)
        {
            throw new ArgumentException($"spectrogram must be (batch, frames, {Config.ModelInDim}) or (frames, {Config.ModelInDim}); " +
                $"got [{string.Join(", ", spectrogram.shape)}].", nameof(spectrogram));
        }

        using var scope = NewDisposeScope();
        var batched = spectrogram.dim() == 3;
        var x = Config.NormalizeBefore ? (spectrogram - _mean) / _scale : spectrogram;
        x = (batched ? x : x.unsqueeze(0)).transpose(2, 1);                                  // (B, T, bins) -> (B, bins, T)
        x = _convPre.forward(x);                                                             // (B, C, T)
        var kernels = Config.ResblockKernelSizes.Length;
        for (var i = 0; i < _upsampler.Count; i++)
        {
            x = _upsampler[i].forward(nn.functional.leaky_relu(x, Config.LeakyReluSlope));   // (B, C, L) -> (B, C/2, ~L*rate)
            var sum = _resblocks[i * kernels].forward(x);
            for (var j = 1; j < kernels; j++)
            {
                sum = sum + _resblocks[(i * kernels) + j].forward(x);
            }

            x = sum / kernels;
        }

        // transformers calls this leaky_relu without a slope: PyTorch's default 0.01, not leaky_relu_slope.
        x = tanh(_convPost.forward(nn.functional.leaky_relu(x, 0.01)));                     // (B, c, S) -> (B, 1, S)
        var waveform = batched ? x.squeeze(1) : x.reshape(-1);                              // (B, S) or (S)
        return waveform.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Loads a transformers vocoder folder (<c>config.json</c> and <c>*.safetensors</c>, such as AudioLDM's
    /// <c>vocoder/</c>). The mean/scale buffers may be absent when normalize_before is false (they are then unused).
    /// </summary>
    public static SpeechT5HifiGan FromPretrained(string directory, Device? device = null, ScalarType dtype = ScalarType.Float32)
    {
        var config = SpeechT5HifiGanConfig.Load(Path.Combine(directory, "config.json"));
        var model = new SpeechT5HifiGan(config, device);
        if (dtype != ScalarType.Float32)
        {
            model.to(dtype);
        }

        ModuleWeights.Load(model, ModuleWeights.FilesIn(directory),
            mayBeAbsent: key => !config.NormalizeBefore && key is MeanKey or ScaleKey);
        model.eval();
        return model;
    }

    // Walks back from the waveform: each same-length convolution widens the dependency by its radius. A transposed
    // convolution (stride s, kernel k, padding p) computes out[n] from in[i] where n = i * s - p + j, 0 <= j < k, so the
    // outputs of input frames [a, b) widened by r need inputs [a - floor((r - p + k - 1) / s), b + ceil((r + p) / s)).
    private static int ComputeContextFrames(SpeechT5HifiGanConfig config, ModuleList<HifiGanResidualBlock> resblocks)
    {
        var radius = 3;                                                                      // conv_post, kernel 7
        var kernels = config.ResblockKernelSizes.Length;
        for (var i = config.UpsampleRates.Length - 1; i >= 0; i--)
        {
            radius += Enumerable.Range(0, kernels).Max(j => resblocks[(i * kernels) + j].Radius);
            var (rate, kernel) = (config.UpsampleRates[i], config.UpsampleKernelSizes[i]);
            var padding = (kernel - rate) / 2;
            radius = Math.Max((radius - padding + kernel - 1) / rate, (radius + padding + rate - 1) / rate);
        }

        return radius + 3;                                                                   // conv_pre, kernel 7
    }
}
