using NextGpt.Realtime.Modeling.Runtime;

namespace NextGpt.Realtime.Server.Health;

/// <summary>Registers the process-wide libtorch runtime, loaded once at start-up so a broken install fails fast.</summary>
public static class RuntimeServiceCollectionExtensions
{
    public static IServiceCollection AddNextGptRuntime(this IServiceCollection services)
    {
        services.AddSingleton(_ => TorchRuntime.Initialize());
        return services;
    }
}
