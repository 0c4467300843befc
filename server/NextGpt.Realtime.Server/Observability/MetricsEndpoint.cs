namespace NextGpt.Realtime.Server.Observability;

/// <summary><c>GET /metrics</c>: the server's instruments (<see cref="ServerMetrics"/>) in the Prometheus text format.</summary>
public static class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static IEndpointRouteBuilder MapPrometheusMetrics(this IEndpointRouteBuilder endpoints)
    {
        // Created now, not at the first scrape, so that it sees every measurement from the start.
        var exporter = endpoints.ServiceProvider.GetRequiredService<PrometheusExporter>();
        endpoints.MapGet(Path, () => Results.Text(exporter.Scrape(), "text/plain; version=0.0.4; charset=utf-8"));
        return endpoints;
    }
}
