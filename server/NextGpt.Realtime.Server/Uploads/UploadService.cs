using Microsoft.Extensions.Options;
using NextGpt.Realtime.Contracts.Primitives;
using NextGpt.Realtime.Contracts.Turns;
using NextGpt.Realtime.Modeling.Media;
using NextGpt.Realtime.Modeling.Media.Audio;
using NextGpt.Realtime.Modeling.Media.Images;
using NextGpt.Realtime.Server.Hubs;
using NextGpt.Realtime.Server.Security;
using NextGpt.Realtime.Server.Sessions;

namespace NextGpt.Realtime.Server.Uploads;

/// <summary>
/// Receives one input medium as a client-to-server stream of byte chunks: checks the header (session, kind, format, the
/// announced size against the kind's limit), collects the bytes (refusing oversized chunks and any byte beyond the
/// announcement or the limit), decodes the medium under pixel and duration limits, and keeps it in the session. An
/// ordinary upload must bring exactly the announced bytes; a streamed one (<see cref="UploadHeader.Streamed"/>: voice
/// sent while the player speaks) ends whenever the client completes its stream, bounded by the announcement or, when
/// that is 0, by the kind's limit. No upload may take longer than <see cref="UploadOptions.MaxUploadSeconds"/>.
/// Every refusal is a <see cref="Microsoft.AspNetCore.SignalR.HubException"/> whose message starts with the error code.
/// </summary>
public sealed class UploadService(SessionStore sessions, CallerQuotas quotas, IOptions<UploadOptions> options)
{
    private readonly UploadOptions _limits = options.Value;

    public async Task<UploadReceipt> ReceiveAsync(UploadHeader? header, IAsyncEnumerable<byte[]> chunks, string caller,
        CancellationToken cancellationToken)
    {
        if (header is null)
        {
            throw HubErrors.Error(ErrorCode.InvalidArgument, "The upload header is missing.");
        }

        var session = sessions.Find(header.SessionId) ?? throw HubErrors.Error(ErrorCode.NotFound, $"There is no session '{header.SessionId}'.");
        var bound = CheckHeader(header);
        if (quotas.TryAcquireUpload(caller) is { } limited)
        {
            throw HubErrors.Error(limited.Code, limited.Message);
        }

        using var timeLimit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeLimit.CancelAfter(TimeSpan.FromSeconds(_limits.MaxUploadSeconds));
        // An exact upload's buffer is allocated once; a streamed one grows with what arrives (never past the bound).
        using var bytes = new MemoryStream(header.Streamed ? 0 : (int)bound);
        try
        {
            await foreach (var chunk in chunks.WithCancellation(timeLimit.Token))
            {
                if (chunk is null || chunk.Length == 0 || chunk.Length > _limits.MaxChunkBytes)
                {
                    throw HubErrors.Error(ErrorCode.InvalidArgument, $"Chunks must hold 1 to {_limits.MaxChunkBytes} bytes.");
                }

                if (bytes.Length + chunk.Length > bound)
                {
                    throw HubErrors.Error(ErrorCode.TooLarge, header.Streamed
                        ? $"The streamed upload sent more than its bound of {bound} bytes."
                        : $"The upload sent more than the {header.TotalBytes} bytes its header announced.");
                }

                bytes.Write(chunk);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw HubErrors.Error(ErrorCode.TooLarge, $"The upload took longer than {_limits.MaxUploadSeconds} s; send it faster or in a shorter piece.");
        }

        var received = bytes.Length;
        if (header.Streamed ? received == 0 : received != header.TotalBytes)
        {
            throw HubErrors.Error(ErrorCode.InvalidArgument, header.Streamed
                ? "The streamed upload ended without any bytes."
                : $"The upload ended after {received} of the {header.TotalBytes} bytes its header announced.");
        }

        var medium = Decode(header, header.Streamed ? bytes.ToArray() : bytes.GetBuffer());
        session.Uploads.Add(medium);
        return new UploadReceipt { UploadId = medium.UploadId, ReceivedBytes = received };
    }

    // Checks the header; returns the most bytes the upload may bring.
    private long CheckHeader(UploadHeader header)
    {
        var (limit, formats) = header.Modality switch
        {
            Modality.Image => (_limits.MaxImageBytes, new[] { MediaFormat.Png, MediaFormat.Jpeg }),
            Modality.Audio => (_limits.MaxAudioBytes, new[] { MediaFormat.Wav, MediaFormat.Pcm16, MediaFormat.Other }),
            Modality.Video => (_limits.MaxVideoBytes, new[] { MediaFormat.Mp4, MediaFormat.Other }),
            _ => throw HubErrors.Error(ErrorCode.InvalidArgument, $"Uploads are images (1), audio (2) or video (3); got modality {(int)header.Modality}."),
        };
        if (!formats.Contains(header.Format))
        {
            throw HubErrors.Error(ErrorCode.InvalidArgument,
                $"{header.Modality} uploads take the formats {string.Join(", ", formats)}; got {header.Format}.");
        }

        if (header.TotalBytes < 0 || (header.TotalBytes == 0 && !header.Streamed))
        {
            throw HubErrors.Error(ErrorCode.InvalidArgument,
                "An upload announces its size (TotalBytes > 0); a streamed one announces an upper bound, or 0 for the server's limit.");
        }

        if (header.TotalBytes > limit)
        {
            throw HubErrors.Error(ErrorCode.TooLarge, $"{header.Modality} uploads are limited to {limit} bytes; this one announces {header.TotalBytes}.");
        }

        if ((header.PlayerId ?? "").Length > InputLimits.MaxIdLength)
        {
            throw HubErrors.Error(ErrorCode.InvalidArgument, $"A player id has at most {InputLimits.MaxIdLength} characters.");
        }

        return header.TotalBytes > 0 ? header.TotalBytes : limit;
    }

    private UploadedMedium Decode(UploadHeader header, byte[] bytes)
    {
        var id = Guid.NewGuid().ToString("N");
        var mediaLimits = new MediaLimits(_limits.MaxImagePixels, _limits.MaxAudioSeconds, _limits.MaxVideoSeconds, TimeSpan.FromSeconds(30));
        try
        {
            return header.Modality switch
            {
                Modality.Image => new UploadedMedium(id, header.PlayerId ?? "", header.Modality, header.Format, bytes.Length,
                    Image: ImageDecoder.Decode(bytes, mediaLimits, $"upload.{header.Format.ToString().ToLowerInvariant()}")),
                Modality.Audio => new UploadedMedium(id, header.PlayerId ?? "", header.Modality, header.Format, bytes.Length,
                    Audio: DecodeAudio(header.Format, bytes, mediaLimits)),
                _ => new UploadedMedium(id, header.PlayerId ?? "", header.Modality, header.Format, bytes.Length),
            };
        }
        catch (MediaFormatException error)
        {
            throw HubErrors.Error(error.Message.Contains("limit", StringComparison.OrdinalIgnoreCase) ? ErrorCode.TooLarge : ErrorCode.InvalidMedia,
                error.Message);
        }
        catch (Exception error) when (error is InvalidDataException or ArgumentException)
        {
            throw HubErrors.Error(ErrorCode.InvalidMedia, $"The {header.Modality} upload could not be decoded: {error.Message}");
        }
    }

    private PcmAudio DecodeAudio(MediaFormat format, byte[] bytes, MediaLimits limits)
    {
        if (format != MediaFormat.Pcm16)
        {
            return AudioDecoder.Decode(bytes, format == MediaFormat.Wav ? "upload.wav" : "upload.bin", limits);
        }

        if (bytes.Length % 2 != 0)
        {
            throw new MediaFormatException("PCM16 audio has an even number of bytes (2 per sample).");
        }

        var samples = new float[bytes.Length / 2];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)(bytes[2 * i] | (bytes[(2 * i) + 1] << 8)) / 32768f;
        }

        var audio = PcmAudio.Mono(16000, samples);
        return audio.DurationSeconds <= _limits.MaxAudioSeconds
            ? audio
            : throw new MediaFormatException($"The audio lasts {audio.DurationSeconds:0.0} s; the limit is {_limits.MaxAudioSeconds} s.");
    }
}
