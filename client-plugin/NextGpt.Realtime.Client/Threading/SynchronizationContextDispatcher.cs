using System;
using System.Threading;

namespace NextGpt.Realtime.Client.Threading;

/// <summary>Posts callbacks to a <see cref="SynchronizationContext"/> (Unity's UnitySynchronizationContext, WPF, WinForms).</summary>
public sealed class SynchronizationContextDispatcher : IMainThreadDispatcher
{
    private readonly SynchronizationContext _context;

    public SynchronizationContextDispatcher(SynchronizationContext context) =>
        _context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>Captures the calling thread's context; call it from the main thread.</summary>
    public static SynchronizationContextDispatcher FromCurrent() =>
        new(SynchronizationContext.Current
            ?? throw new InvalidOperationException("This thread has no SynchronizationContext; call FromCurrent on the main thread."));

    public void Post(Action action) => _context.Post(static state => ((Action)state!)(), action);
}
