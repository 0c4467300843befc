using Prometheus;

namespace NextGpt.Realtime.Server.Observability;

/// <summary>
/// <c>GET /metrics</c> in the Prometheus text format (prometheus-net), which publishes the server's
/// System.Diagnostics.Metrics instruments (<see cref="ServerMetrics"/>) alongside the process and runtime metrics.
/// </summary>
public static class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static IEndpointRouteBuilder MapPrometheusMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMetrics(Path);
        return endpoints;
    }
}
