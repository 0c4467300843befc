using NextGpt.Realtime.Modeling.Runtime;

namespace NextGpt.Realtime.Server.Health;

/// <summary><c>GET /health</c>: liveness plus what the server runs on.</summary>
public static class HealthEndpoint
{
    public const string Path = "/health";

    public static IEndpointRouteBuilder MapHealthEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, (TorchRuntimeInfo runtime) => Results.Ok(new HealthReport(
            Status: "ok",
            LibTorch: runtime.LibTorchVersion,
            Device: runtime.Device.ToString())));
        return endpoints;
    }
}

/// <summary>The body of <c>/health</c>.</summary>
public sealed record HealthReport(string Status, string LibTorch, string Device);
