using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Decoders.Audio.Vocoder;

/// <summary>
/// Runs a <see cref="SpeechT5HifiGan"/> over a spectrogram that arrives, or is handed out, in pieces, returning waveform
/// samples as soon as they are final. Each call vocodes a window reaching <see cref="SpeechT5HifiGan.ContextFrames"/>
/// frames past both ends of the frames being emitted and crops the samples of those frames (frame f owns samples
/// [f * hop, (f + 1) * hop); the last call also returns the tail the transposed convolutions add), so the concatenated
/// output equals one whole-sequence pass up to float rounding. Cost: each emitted chunk also recomputes its context.
/// Not thread-safe; dispose it to release the frames it holds.
/// </summary>
public sealed class VocoderStream : IDisposable
{
    private readonly SpeechT5HifiGan _vocoder;
    private readonly int _chunkFrames;
    private readonly int _context;
    private Tensor? _buffer;          // (B, frames, bins): frames [_bufferStart, _received)
    private long _bufferStart;
    private long _received;
    private long _emitted;            // frames whose samples have been returned
    private bool _batched;
    private bool _completed;

    /// <param name="chunkFrames">Emit once at least this many frames can be finalised (trades latency for recomputation).</param>
    public VocoderStream(SpeechT5HifiGan vocoder, int chunkFrames = 32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkFrames, 1);
        _vocoder = vocoder;
        _chunkFrames = chunkFrames;
        _context = vocoder.ContextFrames;
    }

    /// <summary>Frames received so far.</summary>
    public long ReceivedFrames => _received;

    /// <summary>
    /// Appends spectrogram frames ((B, n, bins), or (n, bins) when unbatched; the same form every call) and returns the
    /// samples that became final: (B, m) or (m), m possibly 0.
    /// </summary>
    public Tensor Push(Tensor frames)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        Append(frames);
        var ready = _received - _context;
        return ready - _emitted >= _chunkFrames ? Emit(ready, final: false) : Empty();
    }

    /// <summary>Ends the stream and returns every remaining sample, the waveform's tail included.</summary>
    public Tensor Complete()
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (_buffer is null)
        {
            throw new InvalidOperationException("No spectrogram frames were pushed before Complete.");
        }

        var rest = Emit(_received, final: true);
        Dispose();
        return rest;
    }

    /// <summary>
    /// A whole spectrogram as a sequence of waveform pieces of about <paramref name="chunkFrames"/> frames each, whose
    /// concatenation equals <c>vocoder.forward(spectrogram)</c>: what a server streams while the rest is computed.
    /// </summary>
    public static IEnumerable<Tensor> Chunks(SpeechT5HifiGan vocoder, Tensor spectrogram, int chunkFrames = 32)
    {
        var time = spectrogram.dim() - 2;
        using var stream = new VocoderStream(vocoder, chunkFrames);
        for (long start = 0; start < spectrogram.shape[time]; start += chunkFrames)
        {
            var piece = stream.Push(spectrogram.narrow(time, start, Math.Min(chunkFrames, spectrogram.shape[time] - start)));
            if (piece.shape[^1] > 0)
            {
                yield return piece;
            }
            else
            {
                piece.Dispose();
            }
        }

        yield return stream.Complete();
    }

    public void Dispose()
    {
        _buffer?.Dispose();
        _buffer = null;
        _completed = true;
    }

    private void Append(Tensor frames)
    {
        var bins = _vocoder.Config.ModelInDim;
        var batched = frames.dim() == 3;
        if (frames.dim() is not (2 or 3) || frames.shape[^1] != bins)
        {
            throw new ArgumentException($"frames must be (batch, n, {bins}) or (n, {bins}); got [{string.Join(", ", frames.shape)}].", nameof(frames));
        }

        using var scope = NewDisposeScope();
        var piece = (batched ? frames : frames.unsqueeze(0)).detach();                         // (B, n, bins)
        if (_buffer is null)
        {
            _batched = batched;
            _buffer = piece.clone().DetachFromDisposeScope();
        }
        else
        {
            if (batched != _batched || piece.shape[0] != _buffer.shape[0])
            {
                throw new ArgumentException($"frames [{string.Join(", ", frames.shape)}] do not continue the stream's batch layout.", nameof(frames));
            }

            var grown = cat([_buffer, piece.to_type(_buffer.dtype)], 1).DetachFromDisposeScope();  // (B, held + n, bins)
            _buffer.Dispose();
            _buffer = grown;
        }

        _received += frames.shape[^2];
    }

    // Vocodes frames [windowStart, _received) and returns the samples of frames [_emitted, end), plus the tail if final.
    private Tensor Emit(long end, bool final)
    {
        var buffer = _buffer!;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var windowStart = Math.Max(_bufferStart, _emitted - _context);
        var window = buffer.narrow(1, windowStart - _bufferStart, _received - windowStart);   // (B, w, bins)
        var waveform = _vocoder.forward(window);                                              // (B, S_w)
        var hop = _vocoder.Config.HopLength;
        var from = (_emitted - windowStart) * hop;
        var to = final ? waveform.shape[1] : (end - windowStart) * hop;
        var samples = waveform.narrow(1, from, to - from);                                    // (B, m)
        _emitted = end;

        var keepFrom = Math.Max(_bufferStart, _emitted - _context);
        if (!final && keepFrom > _bufferStart)
        {
            var kept = buffer.narrow(1, keepFrom - _bufferStart, _received - keepFrom).clone().DetachFromDisposeScope();
            buffer.Dispose();
            _buffer = kept;
            _bufferStart = keepFrom;
        }

        return (_batched ? samples : samples.squeeze(0)).contiguous().MoveToOuterDisposeScope();
    }

    private Tensor Empty()
    {
        var batch = _buffer!.shape[0];
        return _batched ? zeros(batch, 0, dtype: _buffer.dtype) : zeros(0, dtype: _buffer.dtype);
    }
}
