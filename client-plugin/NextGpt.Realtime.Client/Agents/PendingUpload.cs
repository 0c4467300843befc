using System.Threading.Tasks;
using NextGpt.Realtime.Contracts.Primitives;
using NextGpt.Realtime.Contracts.Turns;

namespace NextGpt.Realtime.Client.Agents;

/// <summary>An upload in progress; <see cref="Receipt"/> completes when the server has the whole medium.</summary>
public sealed class PendingUpload
{
    internal PendingUpload(Modality modality, MediaFormat format, Task<UploadReceipt> receipt)
    {
        Modality = modality;
        Format = format;
        Receipt = receipt;
    }

    public Modality Modality { get; }

    public MediaFormat Format { get; }

    public Task<UploadReceipt> Receipt { get; }
}
