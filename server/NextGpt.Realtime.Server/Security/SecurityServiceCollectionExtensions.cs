using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace NextGpt.Realtime.Server.Security;

/// <summary>API-key authentication and the caller quotas; open mode (no keys) for local use is logged loudly at start.</summary>
public static class SecurityServiceCollectionExtensions
{
    public static IServiceCollection AddNextGptSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SecurityOptions>(configuration.GetSection(SecurityOptions.Section));
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
        return services;
    }

    /// <summary>Requires an API key on <paramref name="hub"/> unless the server runs in open mode, which it announces.</summary>
    public static IEndpointConventionBuilder RequireApiKeyUnlessOpen(this IEndpointConventionBuilder hub, WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value;
        if (options.OpenMode)
        {
            app.Logger.LogWarning("OPEN MODE: no API keys are configured, so anyone who can reach this server may use it. " +
                "For anything but local use set Security:ApiKeys (e.g. Security__ApiKeys__0__Key and Security__ApiKeys__0__Name).");
            return hub;
        }

        app.Logger.LogInformation("API-key authentication is on ({Count} keys).", options.ApiKeys.Count);
        return hub.RequireAuthorization();
    }
}
