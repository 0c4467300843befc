using NextGpt.Realtime.Modeling.Runtime;
using NextGpt.Realtime.Server.Inference;
using NextGpt.Realtime.Server.Models;
using NextGpt.Realtime.Server.Sessions;

namespace NextGpt.Realtime.Server.Health;

/// <summary><c>GET /health</c>: liveness plus the model, the device and the load (503 while the model is not loaded).</summary>
public static class HealthEndpoint
{
    public const string Path = "/health";

    public static IEndpointRouteBuilder MapHealthEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, (TorchRuntimeInfo runtime, InferenceWorker worker, ModelSource model, SessionStore sessions) =>
        {
            var loaded = worker.Ready.IsCompletedSuccessfully;
            var report = new HealthReport(
                Status: loaded ? "ok" : worker.Ready.IsFaulted ? "model-failed" : "loading",
                LibTorch: runtime.LibTorchVersion,
                Device: runtime.Device.ToString(),
                ModelLoaded: loaded,
                Model: model.Description,
                QueueDepth: worker.QueueDepth,
                ActiveTurns: worker.ActiveTurns,
                Sessions: sessions.Count,
                SharedSessions: sessions.IsShared);
            return loaded ? Results.Ok(report) : Results.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        return endpoints;
    }
}

/// <summary>The body of <c>/health</c>.</summary>
/// <param name="Sessions">Sessions this node has served since it started.</param>
/// <param name="SharedSessions">True when sessions live in Redis (scale-out) and survive this node.</param>
public sealed record HealthReport(string Status, string LibTorch, string Device, bool ModelLoaded, string Model, int QueueDepth,
    int ActiveTurns, int Sessions, bool SharedSessions);
