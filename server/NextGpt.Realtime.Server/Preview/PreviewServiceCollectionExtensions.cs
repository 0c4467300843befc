namespace NextGpt.Realtime.Server.Preview;

/// <summary>Registers the /preview page's files and the stream recorder ("Recording" settings).</summary>
public static class PreviewServiceCollectionExtensions
{
    public static IServiceCollection AddNextGptPreview(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RecordingOptions>(configuration.GetSection(RecordingOptions.Section));
        services.AddSingleton<PreviewAssets>();
        services.AddSingleton<StreamRecordings>();
        return services;
    }
}
