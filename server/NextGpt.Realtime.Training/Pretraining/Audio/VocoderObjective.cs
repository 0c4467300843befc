using NextGpt.Realtime.Modeling.Decoders.Audio.Vocoder;
using NextGpt.Realtime.Training.Loop;
using NextGpt.Realtime.Training.Objectives;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Pretraining.Audio;

/// <summary>
/// The vocoder's objective on random crops of the training sounds, as HiFi-GAN trains (Kong et al. 2020, section 2.3),
/// without its discriminators: the L1 distance between the log-mel of the generated waveform and the target's (HiFi-GAN's
/// mel loss, weight 45 there), plus the multi-resolution STFT loss of Parallel WaveGAN (Yamamoto et al. 2020, eq. 1-4:
/// spectral convergence and log-magnitude L1 at three resolutions), which pins the fine harmonic structure (a pure tone
/// must stay pure) that 64 mel bins blur.
/// </summary>
public sealed class VocoderObjective : ITrainingObjective, IDisposable
{
    private static readonly (int Fft, int Hop)[] Resolutions = [(1024, 256), (512, 128), (256, 64)];

    private readonly SpeechT5HifiGan _vocoder;
    private readonly Tensor _mels;
    private readonly Tensor _waveforms;
    private readonly AudioLdmMelSpectrogram _mel;
    private readonly BatchOrder _order;
    private readonly int _segmentFrames;
    private readonly int _seed;
    private readonly Dictionary<int, Tensor> _windows;

    /// <param name="mels">(N, T, 64) log-mels of <paramref name="waveforms"/> (N, T x 160).</param>
    public VocoderObjective(SpeechT5HifiGan vocoder, Tensor mels, Tensor waveforms, AudioLdmMelSpectrogram mel, int segmentFrames,
        int batchSize, int seed)
    {
        if (segmentFrames * AudioLdmMelSpectrogram.HopLength < Resolutions.Max(r => r.Fft) || segmentFrames > mels.shape[1])
        {
            throw new ArgumentOutOfRangeException(nameof(segmentFrames), segmentFrames,
                $"A crop must hold at least {Resolutions.Max(r => r.Fft)} samples and at most the sounds' {mels.shape[1]} frames.");
        }

        _vocoder = vocoder;
        _mels = mels;
        _waveforms = waveforms;
        _mel = mel;
        _segmentFrames = segmentFrames;
        _seed = seed;
        _order = new BatchOrder((int)mels.shape[0], batchSize, seed);
        _windows = Resolutions.ToDictionary(r => r.Fft, r => hann_window(r.Fft));
        TrainableParameters = vocoder.named_parameters().Select(p => (p.name, p.parameter)).ToList();
    }

    public IReadOnlyList<(string Name, Parameter Parameter)> TrainableParameters { get; }

    public TrainingLoss Loss(long step)
    {
        _vocoder.train();
        var random = new Random(StableSeed.Mix(_seed, step, 7));
        var hop = AudioLdmMelSpectrogram.HopLength;
        var melCrops = new List<Tensor>();
        var waveCrops = new List<Tensor>();
        foreach (var index in _order.IndicesAt(step))
        {
            var start = random.Next(0, (int)_mels.shape[1] - _segmentFrames + 1);
            melCrops.Add(_mels[index].narrow(0, start, _segmentFrames));                            // (F, 64)
            waveCrops.Add(_waveforms[index].narrow(0, (long)start * hop, (long)_segmentFrames * hop));   // (F x 160)
        }

        var target = stack(waveCrops);                                                              // (B, S)
        var generated = _vocoder.forward(stack(melCrops));                                          // (B, S)
        var melLoss = (_mel.Compute(generated) - _mel.Compute(target)).abs().mean();
        var stftLoss = Resolutions.Select(r => SpectralLoss(generated, target, r.Fft, r.Hop)).Aggregate((a, b) => a + b) / Resolutions.Length;
        return new TrainingLoss(melLoss + stftLoss, new Dictionary<string, double>
        {
            ["mel_l1"] = melLoss.item<float>(),
            ["stft"] = stftLoss.item<float>(),
        });
    }

    // Spectral convergence ||S - S^||_F / ||S||_F plus mean |log S - log S^| at one resolution.
    private Tensor SpectralLoss(Tensor generated, Tensor target, int fft, int hop)
    {
        var window = _windows[fft];
        var predicted = AudioLdmMelSpectrogram.StftMagnitude(generated, fft, hop, window);          // (B, F, T)
        var actual = AudioLdmMelSpectrogram.StftMagnitude(target, fft, hop, window);
        var convergence = (actual - predicted).norm() / actual.norm();
        var logMagnitude = (log(actual.clamp_min(1e-5)) - log(predicted.clamp_min(1e-5))).abs().mean();
        return convergence + logMagnitude;
    }

    public void Dispose()
    {
        foreach (var window in _windows.Values)
        {
            window.Dispose();
        }
    }
}
