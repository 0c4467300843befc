namespace NextGpt.Realtime.Server.Sessions;

/// <summary>
/// A session's uploads by id, oldest dropped first beyond <see cref="MaxUploads"/>, so a session's memory stays bounded
/// however long it lives.
/// </summary>
public sealed class UploadStore
{
    public const int MaxUploads = 16;

    private readonly Lock _lock = new();
    private readonly List<UploadedMedium> _uploads = [];

    public void Add(UploadedMedium medium)
    {
        lock (_lock)
        {
            _uploads.Add(medium);
            if (_uploads.Count > MaxUploads)
            {
                _uploads.RemoveAt(0);
            }
        }
    }

    public UploadedMedium? Find(string uploadId)
    {
        lock (_lock)
        {
            return _uploads.FirstOrDefault(u => u.UploadId == uploadId);
        }
    }
}
