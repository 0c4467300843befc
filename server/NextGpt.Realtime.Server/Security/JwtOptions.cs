namespace NextGpt.Realtime.Server.Security;

/// <summary>
/// JWT bearer authentication (configuration section <c>Security:Jwt</c>, e.g. <c>Security__Jwt__SigningKey</c>): tokens
/// signed with HMAC-SHA256 by a symmetric key, for local and single-operator deployments where the game's own backend
/// issues short-lived tokens. On when <see cref="SigningKey"/> is set; API keys keep working next to it.
/// </summary>
public sealed class JwtOptions
{
    /// <summary>HS256 keys below 256 bits are refused (RFC 7518 section 3.2).</summary>
    public const int MinimumKeyBytes = 32;

    /// <summary>The shared secret (its UTF-8 bytes are the HMAC key, at least <see cref="MinimumKeyBytes"/>). Empty: JWT is off.</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>The <c>iss</c> a token must carry; empty: any.</summary>
    public string Issuer { get; set; } = "";

    /// <summary>The <c>aud</c> a token must carry; empty: any.</summary>
    public string Audience { get; set; } = "";

    /// <summary>Tolerance for clocks that disagree when checking <c>exp</c> and <c>nbf</c>.</summary>
    public double ClockSkewSeconds { get; set; } = 30;

    public bool Enabled => !string.IsNullOrEmpty(SigningKey);
}
