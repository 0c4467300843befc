namespace NextGpt.Realtime.Server.Security;

/// <summary>
/// Tells which scheme reads a request's credential when JWT is on next to API keys: a bearer token (header
/// <c>Authorization: Bearer</c> or query <c>access_token</c>) shaped like a compact JWS (three dot-separated base64url
/// parts) goes to the JWT scheme; anything else, including <c>X-Api-Key</c>, to the API-key scheme.
/// </summary>
public static class CredentialKind
{
    public const string SelectorScheme = "ApiKeyOrJwt";

    /// <summary>The bearer token of a request, from the header or the query (null when there is none).</summary>
    public static string? BearerToken(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        return request.Query.TryGetValue("access_token", out var token) ? token.ToString() : null;
    }

    /// <summary>True when <paramref name="token"/> has a JWT's compact shape.</summary>
    public static bool LooksLikeJwt(string? token) =>
        token is not null && token.Count(c => c == '.') == 2 && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
