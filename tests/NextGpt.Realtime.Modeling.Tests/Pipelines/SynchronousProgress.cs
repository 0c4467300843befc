using NextGpt.Realtime.Modeling.Pipelines;

namespace NextGpt.Realtime.Modeling.Tests.Pipelines;

/// <summary>Runs the callback on the reporting thread immediately (Progress&lt;T&gt; would post it asynchronously).</summary>
internal sealed class SynchronousProgress(Action<DiffusionProgress> callback) : IProgress<DiffusionProgress>
{
    public void Report(DiffusionProgress value) => callback(value);
}
