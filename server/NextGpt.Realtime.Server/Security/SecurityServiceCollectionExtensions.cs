using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace NextGpt.Realtime.Server.Security;

/// <summary>
/// API-key and JWT bearer authentication and the caller quotas. A selector scheme sends each request to the scheme its
/// credential is for (<see cref="CredentialKind"/>); the JWT scheme only accepts tokens when a signing key is configured.
/// Open mode (neither keys nor JWT) for local use is logged loudly at start.
/// </summary>
public static class SecurityServiceCollectionExtensions
{
    public static IServiceCollection AddNextGptSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SecurityOptions>(configuration.GetSection(SecurityOptions.Section));
        services.AddSingleton<IConfigureOptions<JwtBearerOptions>, JwtBearerSetup>();
        services.AddAuthentication(CredentialKind.SelectorScheme)
            .AddPolicyScheme(CredentialKind.SelectorScheme, "API key or JWT", options => options.ForwardDefaultSelector = context =>
                context.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value.Jwt.Enabled
                && CredentialKind.LooksLikeJwt(CredentialKind.BearerToken(context.Request))
                    ? JwtBearerDefaults.AuthenticationScheme
                    : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddJwtBearer();
        services.AddAuthorization();
        return services;
    }

    /// <summary>Requires an API key or a JWT on <paramref name="hub"/> unless the server runs in open mode, which it announces.</summary>
    public static IEndpointConventionBuilder RequireApiKeyUnlessOpen(this IEndpointConventionBuilder hub, WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value;
        if (options.OpenMode)
        {
            app.Logger.LogWarning("OPEN MODE: no API keys or JWT signing key are configured, so anyone who can reach this server may use it. " +
                "For anything but local use set Security:ApiKeys (e.g. Security__ApiKeys__0__Key and Security__ApiKeys__0__Name) " +
                "or Security:Jwt:SigningKey (Security__Jwt__SigningKey).");
            return hub;
        }

        app.Logger.LogInformation("Authentication is on: {Count} API keys, JWT bearer tokens {Jwt}.", options.ApiKeys.Count,
            options.Jwt.Enabled ? "accepted" : "off");
        return hub.RequireAuthorization();
    }
}
