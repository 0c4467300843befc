using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Channels;

namespace NextGpt.Realtime.Client.Agents;

/// <summary>
/// Bytes produced over time (a microphone) sent as they come: writes are regrouped into chunks of at most
/// <see cref="ChunkBytes"/> and streamed to the server while the player is still speaking.
/// </summary>
public sealed class LiveUpload
{
    private readonly Channel<byte[]> _chunks = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly object _lock = new();
    private byte[] _buffer;
    private int _filled;
    private long _written;

    public LiveUpload(long maxBytes, int chunkBytes = 16 * 1024)
    {
        if (maxBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxBytes), "The upper bound must be positive.");
        }

        MaxBytes = maxBytes;
        ChunkBytes = chunkBytes;
        _buffer = new byte[chunkBytes];
    }

    /// <summary>The most bytes this upload may carry (announced to the server up front as the streamed upload's bound).</summary>
    public long MaxBytes { get; }

    public int ChunkBytes { get; }

    public long BytesWritten
    {
        get
        {
            lock (_lock)
            {
                return _written;
            }
        }
    }

    public bool IsCompleted { get; private set; }

    /// <summary>Appends bytes; returns false (and writes nothing) once <see cref="MaxBytes"/> would be exceeded.</summary>
    public bool Write(ReadOnlySpan<byte> bytes)
    {
        lock (_lock)
        {
            if (IsCompleted)
            {
                throw new InvalidOperationException("The upload is already complete.");
            }

            if (_written + bytes.Length > MaxBytes)
            {
                return false;
            }

            _written += bytes.Length;
            while (!bytes.IsEmpty)
            {
                var take = Math.Min(bytes.Length, ChunkBytes - _filled);
                bytes.Slice(0, take).CopyTo(_buffer.AsSpan(_filled));
                _filled += take;
                bytes = bytes.Slice(take);
                if (_filled == ChunkBytes)
                {
                    _chunks.Writer.TryWrite(_buffer);
                    _buffer = new byte[ChunkBytes];
                    _filled = 0;
                }
            }

            return true;
        }
    }

    /// <summary>Sends what is buffered and ends the stream; the server then answers with the receipt.</summary>
    public void Complete()
    {
        lock (_lock)
        {
            if (IsCompleted)
            {
                return;
            }

            IsCompleted = true;
            if (_filled > 0)
            {
                _chunks.Writer.TryWrite(_buffer.AsSpan(0, _filled).ToArray());
            }

            _chunks.Writer.TryComplete();
        }
    }

    /// <summary>Ends the stream with an error: the upload fails on the server side too.</summary>
    public void Abort(Exception reason)
    {
        lock (_lock)
        {
            IsCompleted = true;
            _chunks.Writer.TryComplete(reason);
        }
    }

    /// <summary>Everything written, once the upload is complete and nobody is streaming it (drains the chunks).</summary>
    public byte[] ToArray()
    {
        if (!IsCompleted)
        {
            throw new InvalidOperationException("Complete the upload before taking its bytes.");
        }

        using var all = new System.IO.MemoryStream();
        while (_chunks.Reader.TryRead(out var chunk))
        {
            all.Write(chunk, 0, chunk.Length);
        }

        return all.ToArray();
    }

    internal async IAsyncEnumerable<byte[]> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await _chunks.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (_chunks.Reader.TryRead(out var chunk))
            {
                yield return chunk;
            }
        }
    }
}
