using NextGpt.Realtime.Modeling.Runtime;
using NextGpt.Realtime.Server.Inference;

namespace NextGpt.Realtime.Server.Health;

/// <summary><c>GET /health</c>: liveness plus what the server runs on.</summary>
public static class HealthEndpoint
{
    public const string Path = "/health";

    public static IEndpointRouteBuilder MapHealthEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, (TorchRuntimeInfo runtime, InferenceWorker worker) => Results.Ok(new HealthReport(
            Status: "ok",
            LibTorch: runtime.LibTorchVersion,
            Device: runtime.Device.ToString(),
            ModelLoaded: worker.Ready.IsCompletedSuccessfully,
            QueueDepth: worker.QueueDepth)));
        return endpoints;
    }
}

/// <summary>The body of <c>/health</c>.</summary>
public sealed record HealthReport(string Status, string LibTorch, string Device, bool ModelLoaded, int QueueDepth);
