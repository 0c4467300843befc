using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using NextGpt.Realtime.Contracts.Primitives;
using NextGpt.Realtime.Contracts.Turns;
using NextGpt.Realtime.Modeling.Media;
using NextGpt.Realtime.Modeling.Media.Audio;
using NextGpt.Realtime.Modeling.Media.Images;
using NextGpt.Realtime.Server.Sessions;

namespace NextGpt.Realtime.Server.Uploads;

/// <summary>
/// Receives an input medium as a client-to-server stream of chunks (each under SignalR's message limit), refuses it as
/// soon as it exceeds its declared or allowed size, and decodes it before accepting it, so a corrupt or hostile file is
/// answered at upload time with a clear code and never reaches the model.
/// </summary>
public sealed class UploadService(SessionStore sessions, UploadStore store, IOptions<UploadOptions> options)
{
    private readonly UploadOptions _limits = options.Value;

    public async Task<UploadReceipt> ReceiveAsync(UploadHeader header, IAsyncEnumerable<byte[]> chunks, CancellationToken cancellationToken)
    {
        if (sessions.Find(header.SessionId ?? "") is null)
        {
            throw new HubException($"NotFound: there is no session '{header.SessionId}'.");
        }

        var limit = header.Modality switch
        {
            Modality.Image => _limits.MaxImageBytes,
            Modality.Audio => _limits.MaxAudioBytes,
            _ => throw new HubException($"InvalidArgument: {header.Modality} uploads are not supported; send images or audio."),
        };
        if (header.TotalBytes <= 0 || header.TotalBytes > limit)
        {
            throw new HubException($"TooLarge: a {header.Modality} upload must declare 1 to {limit} bytes; it declared {header.TotalBytes}.");
        }

        if (store.PendingFor(header.SessionId!) >= _limits.MaxPendingPerSession)
        {
            throw new HubException($"TooLarge: the session already holds {_limits.MaxPendingPerSession} unused uploads.");
        }

        var bytes = new byte[header.TotalBytes];
        long received = 0;
        await foreach (var chunk in chunks.WithCancellation(cancellationToken))
        {
            if (received + chunk.Length > header.TotalBytes)
            {
                throw new HubException($"TooLarge: the upload sent more than the {header.TotalBytes} bytes it declared.");
            }

            chunk.CopyTo(bytes, received);
            received += chunk.Length;
        }

        if (received != header.TotalBytes)
        {
            throw new HubException($"InvalidMedia: the upload declared {header.TotalBytes} bytes but sent {received}.");
        }

        var upload = Decode(header, bytes);
        store.Add(upload);
        return new UploadReceipt { UploadId = upload.Id, ReceivedBytes = received };
    }

    private static StoredUpload Decode(UploadHeader header, byte[] bytes)
    {
        var id = Guid.NewGuid().ToString("N");
        try
        {
            return header.Modality == Modality.Image
                ? new StoredUpload(id, header.SessionId!, ImageDecoder.Decode(bytes, name: "upload"), null)
                : new StoredUpload(id, header.SessionId!, null, AudioDecoder.Decode(bytes, "upload" + Extension(header.Format)));
        }
        catch (MediaFormatException error)
        {
            throw new HubException($"InvalidMedia: {error.Message}");
        }
    }

    private static string Extension(MediaFormat format) => format switch
    {
        MediaFormat.Wav => ".wav",
        _ => "",
    };
}
