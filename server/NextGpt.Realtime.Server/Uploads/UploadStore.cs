using System.Collections.Concurrent;

namespace NextGpt.Realtime.Server.Uploads;

/// <summary>Decoded uploads by id until a turn takes them (each upload is used by one turn).</summary>
public sealed class UploadStore
{
    private readonly ConcurrentDictionary<string, StoredUpload> _uploads = new(StringComparer.Ordinal);

    public int PendingFor(string sessionId) => _uploads.Values.Count(u => u.SessionId == sessionId);

    public void Add(StoredUpload upload) => _uploads[upload.Id] = upload;

    /// <summary>Takes the uploads of a turn; null (and nothing taken) when an id is unknown or belongs to another session.</summary>
    public IReadOnlyList<StoredUpload>? Take(IReadOnlyList<string> ids, string sessionId)
    {
        var found = ids.Select(id => _uploads.GetValueOrDefault(id)).ToList();
        if (found.Any(u => u is null || u.SessionId != sessionId))
        {
            return null;
        }

        foreach (var id in ids)
        {
            _uploads.TryRemove(id, out _);
        }

        return found!;
    }
}
