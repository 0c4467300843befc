using NextGpt.Realtime.Modeling.Runtime;
using NextGpt.Realtime.Modeling.Turns;
using NextGpt.Realtime.Server.Sessions;

namespace NextGpt.Realtime.Server.Inference;

/// <summary>Registers the sessions, the turn service and the inference worker with the model it serves.</summary>
public static class InferenceServiceCollectionExtensions
{
    public static IServiceCollection AddNextGptInference(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<InferenceOptions>(configuration.GetSection(InferenceOptions.Section));
        services.AddSingleton<SessionStore>();
        services.AddSingleton<TurnService>();
        services.AddSingleton<Func<NextGptModel>>(provider => () =>
        {
            provider.GetRequiredService<TorchRuntimeInfo>();
            provider.GetRequiredService<ILogger<InferenceWorker>>().LogWarning(
                "No trained model is installed: serving NExT-GPT's classes with RANDOM weights (replies are noise). " +
                "Train nextgpt-tiny (issue 6) or convert released weights to serve a real model.");
            return UntrainedModelFactory.Create();
        });
        services.AddSingleton<InferenceWorker>();
        services.AddHostedService(provider => provider.GetRequiredService<InferenceWorker>());
        return services;
    }
}
