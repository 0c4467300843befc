using NextGpt.Realtime.Modeling.Pipelines;

namespace NextGpt.Realtime.Modeling.Tests.Pipelines;

/// <summary>Collects every event on the reporting thread, as it happens, and runs an optional callback.</summary>
internal sealed class SynchronousEvents(Action<DiffusionEvent>? callback = null) : IProgress<DiffusionEvent>
{
    public List<DiffusionEvent> Events { get; } = [];

    public void Report(DiffusionEvent value)
    {
        Events.Add(value);
        callback?.Invoke(value);
    }
}
