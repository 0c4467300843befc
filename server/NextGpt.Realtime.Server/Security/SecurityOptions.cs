namespace NextGpt.Realtime.Server.Security;

/// <summary>
/// Who may use the server and how much (configuration section <c>Security</c>; environment variables such as
/// <c>Security__ApiKeys__0__Key</c> or <c>Security__Jwt__SigningKey</c>). With neither API keys nor a JWT signing key the
/// server runs in open mode, for local use only, and says so loudly in its log.
/// </summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>The accepted keys. Empty, and no JWT: open mode (anyone on the network may connect).</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>JWT bearer tokens, accepted next to the API keys when a signing key is set.</summary>
    public JwtOptions Jwt { get; set; } = new();

    /// <summary>Turns a caller (key, or address in open mode) may start per minute.</summary>
    public int TurnsPerMinute { get; set; } = 120;

    /// <summary>Turns a caller may have running or queued at once.</summary>
    public int MaxConcurrentTurns { get; set; } = 16;

    /// <summary>Uploads a caller may start per minute.</summary>
    public int UploadsPerMinute { get; set; } = 120;

    public bool OpenMode => ApiKeys.Count == 0 && !Jwt.Enabled;
}

/// <summary>One API key and its own limits (0: the defaults in <see cref="SecurityOptions"/>).</summary>
public sealed class ApiKeyOptions
{
    /// <summary>The secret the client sends (header <c>X-Api-Key</c>, <c>Authorization: Bearer</c>, or <c>access_token</c>).</summary>
    public string Key { get; set; } = "";

    /// <summary>A name for logs and metrics (never the key itself).</summary>
    public string Name { get; set; } = "";

    public int TurnsPerMinute { get; set; }

    public int MaxConcurrentTurns { get; set; }
}
