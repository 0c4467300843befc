using System.Runtime;

namespace NextGpt.Realtime.Modeling.Runtime;

/// <summary>
/// Holds off garbage collection while libtorch runs a burst of small operations. TorchSharp 0.107 hands a
/// <c>Scalar</c>'s native handle to libtorch without keeping the managed <c>Scalar</c> alive for the call (its
/// <c>Scalar.cs</c>: <c>~Scalar() =&gt; Dispose(false)</c>, and every <c>a + b</c> or <c>x.mul(0.97)</c> makes one), so a
/// collection during the call can free it underneath libtorch: "Unknown scalar type" or "Expected false to be true" from
/// <c>c10/core/Scalar.h</c>. Seen three times while stage 1 encoded thousands of world media. Best effort: when a region
/// cannot start (another thread holds one, or the budget is refused) the work runs as before.
/// </summary>
public readonly struct GcPause : IDisposable
{
    /// <summary>The managed allocation budget of a pause: far above what one medium's encoding allocates.</summary>
    public const long DefaultBudgetBytes = 32L * 1024 * 1024;

    private readonly bool _started;

    private GcPause(bool started) => _started = started;

    public static GcPause Start(long budgetBytes = DefaultBudgetBytes)
    {
        // Asking again while a region runs throws, and also ends the running region: check first.
        if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
        {
            return new GcPause(false);
        }

        try
        {
            return new GcPause(GC.TryStartNoGCRegion(budgetBytes));
        }
        catch (InvalidOperationException)
        {
            return new GcPause(false);                                                           // another thread started one meanwhile
        }
    }

    public void Dispose()
    {
        if (_started && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
        {
            GC.EndNoGCRegion();
        }
    }
}
