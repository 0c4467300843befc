using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace NextGpt.Realtime.Server.Security;

/// <summary>
/// Authenticates a request by API key: the <c>X-Api-Key</c> header, an <c>Authorization: Bearer</c> header (what the
/// SignalR clients' AccessTokenProvider sends), or the <c>access_token</c> query parameter (browsers cannot set headers
/// on WebSockets). Keys are compared in constant time; the caller's identity is the key's name.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<SecurityOptions> security) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedKey();
        if (string.IsNullOrEmpty(presented))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var presentedBytes = Encoding.UTF8.GetBytes(presented);
        var match = security.Value.ApiKeys.FirstOrDefault(k =>
            CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(k.Key), presentedBytes));
        if (match is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, KeyName(match))], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <summary>The name a key is known by in logs, metrics and quotas.</summary>
    public static string KeyName(ApiKeyOptions key) => string.IsNullOrWhiteSpace(key.Name) ? $"key-{key.Key.GetHashCode(StringComparison.Ordinal):x8}" : key.Name;

    private string? PresentedKey()
    {
        if (Request.Headers.TryGetValue(HeaderName, out var header) && !string.IsNullOrEmpty(header))
        {
            return header.ToString();
        }

        return CredentialKind.BearerToken(Request);
    }
}
