using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace NextGpt.Realtime.Server.Security;

/// <summary>
/// Configures the JWT bearer scheme from <see cref="SecurityOptions.Jwt"/>: HS256 with the configured symmetric key,
/// signature, lifetime (<c>exp</c> required) and, when configured, issuer and audience validated; the caller's name is
/// the token's <c>sub</c>. SignalR clients in browsers cannot set headers on WebSockets, so the token is also read from
/// the <c>access_token</c> query parameter (what the SignalR clients send there).
/// </summary>
public sealed class JwtBearerSetup(IOptions<SecurityOptions> security) : IConfigureNamedOptions<JwtBearerOptions>
{
    /// <summary>The authentication type of identities made from tokens (tells them from API-key identities).</summary>
    public const string AuthenticationType = "Jwt";

    public void Configure(string? name, JwtBearerOptions options)
    {
        if (name == JwtBearerDefaults.AuthenticationScheme)
        {
            Configure(options);
        }
    }

    public void Configure(JwtBearerOptions options)
    {
        var jwt = security.Value.Jwt;
        var key = Encoding.UTF8.GetBytes(jwt.SigningKey);
        if (jwt.Enabled && key.Length < JwtOptions.MinimumKeyBytes)
        {
            throw new OptionsValidationException(nameof(JwtOptions.SigningKey), typeof(JwtOptions),
                [$"Security:Jwt:SigningKey must have at least {JwtOptions.MinimumKeyBytes} bytes (HS256 needs a 256-bit key); it has {key.Length}."]);
        }

        options.MapInboundClaims = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            IssuerSigningKey = jwt.Enabled ? new SymmetricSecurityKey(key) : null,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = TimeSpan.FromSeconds(jwt.ClockSkewSeconds),
            ValidateIssuer = !string.IsNullOrEmpty(jwt.Issuer),
            ValidIssuer = jwt.Issuer,
            ValidateAudience = !string.IsNullOrEmpty(jwt.Audience),
            ValidAudience = jwt.Audience,
            NameClaimType = "sub",
            AuthenticationType = AuthenticationType,
        };
        options.Events = new JwtBearerEvents
        {
            OnMessageReceived = context =>
            {
                if (string.IsNullOrEmpty(context.Token) && context.Request.Query.TryGetValue("access_token", out var token))
                {
                    context.Token = token.ToString();
                }

                return Task.CompletedTask;
            },
        };
    }
}
