using System.Text.Json;
using System.Text.Json.Serialization;

namespace NextGpt.Realtime.Modeling.Decoders.Audio.Vocoder;

/// <summary>
/// A HiFi-GAN vocoder's shape, read from a transformers <c>config.json</c> as it is (names and defaults of transformers'
/// SpeechT5HifiGanConfig). <see cref="AudioLdm"/> is AudioLDM's <c>vocoder/</c>: 64 mel bins to 16 kHz audio, 160
/// samples per frame.
/// </summary>
public sealed record SpeechT5HifiGanConfig
{
    [JsonPropertyName("model_in_dim")] public int ModelInDim { get; init; } = 80;

    [JsonPropertyName("sampling_rate")] public int SamplingRate { get; init; } = 16000;

    [JsonPropertyName("upsample_initial_channel")] public int UpsampleInitialChannel { get; init; } = 512;

    [JsonPropertyName("upsample_rates")] public int[] UpsampleRates { get; init; } = [4, 4, 4, 4];

    [JsonPropertyName("upsample_kernel_sizes")] public int[] UpsampleKernelSizes { get; init; } = [8, 8, 8, 8];

    [JsonPropertyName("resblock_kernel_sizes")] public int[] ResblockKernelSizes { get; init; } = [3, 7, 11];

    [JsonPropertyName("resblock_dilation_sizes")] public int[][] ResblockDilationSizes { get; init; } = [[1, 3, 5], [1, 3, 5], [1, 3, 5]];

    [JsonPropertyName("leaky_relu_slope")] public double LeakyReluSlope { get; init; } = 0.1;

    /// <summary>Whether the spectrogram is standardised with the <c>mean</c> / <c>scale</c> buffers first.</summary>
    [JsonPropertyName("normalize_before")] public bool NormalizeBefore { get; init; } = true;

    /// <summary>Waveform samples per spectrogram frame: the product of the upsample rates.</summary>
    [JsonIgnore] public int HopLength => UpsampleRates.Aggregate(1, (product, rate) => product * rate);

    /// <summary>
    /// AudioLDM's vocoder (<c>cvssp/audioldm*/vocoder/config.json</c>): 64 mel bins, upsample rates [5, 4, 2, 2, 2] with
    /// kernels [16, 16, 8, 4, 4] from 1024 channels, residual kernels [3, 7, 11] with dilations [1, 3, 5], 16 kHz, no
    /// input standardisation.
    /// </summary>
    public static SpeechT5HifiGanConfig AudioLdm { get; } = new()
    {
        ModelInDim = 64,
        SamplingRate = 16000,
        UpsampleInitialChannel = 1024,
        UpsampleRates = [5, 4, 2, 2, 2],
        UpsampleKernelSizes = [16, 16, 8, 4, 4],
        ResblockKernelSizes = [3, 7, 11],
        ResblockDilationSizes = [[1, 3, 5], [1, 3, 5], [1, 3, 5]],
        LeakyReluSlope = 0.1,
        NormalizeBefore = false,
    };

    /// <summary>Reads and validates a <c>config.json</c>.</summary>
    public static SpeechT5HifiGanConfig Load(string path)
    {
        SpeechT5HifiGanConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<SpeechT5HifiGanConfig>(File.ReadAllText(path));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not a valid HiFi-GAN vocoder config.json: {ex.Message}", ex);
        }

        (config ?? throw new InvalidDataException($"{path} is empty.")).Validate(path);
        return config;
    }

    /// <summary>Throws with the offending field when the shape is impossible.</summary>
    public void Validate(string source = "config")
    {
        if (ModelInDim <= 0 || SamplingRate <= 0 || UpsampleRates.Length == 0)
        {
            throw new InvalidDataException($"{source}: model_in_dim and sampling_rate must be positive and upsample_rates non-empty.");
        }

        if (UpsampleRates.Length != UpsampleKernelSizes.Length || UpsampleRates.Any(r => r <= 0) ||
            UpsampleRates.Zip(UpsampleKernelSizes).Any(pair => pair.Second < pair.First))
        {
            throw new InvalidDataException(
                $"{source}: upsample_rates and upsample_kernel_sizes must pair up, with each kernel at least its rate.");
        }

        if (UpsampleInitialChannel >> UpsampleRates.Length <= 0 || UpsampleInitialChannel % (1 << UpsampleRates.Length) != 0)
        {
            throw new InvalidDataException(
                $"{source}: upsample_initial_channel {UpsampleInitialChannel} must halve {UpsampleRates.Length} times.");
        }

        // Odd kernels keep each residual convolution length-preserving, as the residual sums require.
        if (ResblockKernelSizes.Length == 0 || ResblockKernelSizes.Length != ResblockDilationSizes.Length ||
            ResblockKernelSizes.Any(k => k <= 0 || k % 2 == 0) || ResblockDilationSizes.Any(d => d.Length == 0 || d.Any(x => x <= 0)))
        {
            throw new InvalidDataException($"{source}: resblock_kernel_sizes must be odd and pair up with non-empty resblock_dilation_sizes.");
        }
    }
}
