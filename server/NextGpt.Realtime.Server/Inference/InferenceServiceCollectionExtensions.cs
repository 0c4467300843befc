using NextGpt.Realtime.Modeling.Turns;
using NextGpt.Realtime.Server.Models;
using NextGpt.Realtime.Server.Observability;
using NextGpt.Realtime.Server.Security;
using NextGpt.Realtime.Server.Sessions;
using NextGpt.Realtime.Server.Uploads;

namespace NextGpt.Realtime.Server.Inference;

/// <summary>Registers the sessions, uploads, quotas, metrics, the turn service and the inference worker with its model.</summary>
public static class InferenceServiceCollectionExtensions
{
    public static IServiceCollection AddNextGptInference(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<InferenceOptions>(configuration.GetSection(InferenceOptions.Section));
        services.Configure<UploadOptions>(configuration.GetSection(UploadOptions.Section));
        services.Configure<ModelOptions>(configuration.GetSection(ModelOptions.Section));
        services.AddMetrics();
        services.AddSingleton<ServerMetrics>();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<CallerQuotas>();
        services.AddSingleton<UploadService>();
        services.AddSingleton<TurnService>();
        services.AddSingleton<ModelSource>();
        services.AddSingleton<Func<NextGptModel>>(provider => provider.GetRequiredService<ModelSource>().Load);
        services.AddSingleton<InferenceWorker>();
        services.AddHostedService(provider => provider.GetRequiredService<InferenceWorker>());
        return services;
    }
}
