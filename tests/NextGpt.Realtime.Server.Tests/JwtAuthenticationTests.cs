using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Primitives;
using NextGpt.Realtime.Contracts.Turns;
using NextGpt.Realtime.Server.Hubs;

namespace NextGpt.Realtime.Server.Tests;

/// <summary>A server that accepts HS256 JWTs from a symmetric key next to one API key, configured as an operator would.</summary>
public sealed class JwtServer() : KestrelServer(new Dictionary<string, string?>
{
    ["Security:Jwt:SigningKey"] = JwtServer.SigningKey,
    ["Security:Jwt:Issuer"] = JwtServer.Issuer,
    ["Security:Jwt:Audience"] = JwtServer.Audience,
    ["Security:Jwt:ClockSkewSeconds"] = "0",
    ["Security:ApiKeys:0:Key"] = JwtServer.ApiKey,
    ["Security:ApiKeys:0:Name"] = "tools",
})
{
    public const string SigningKey = "a-local-test-signing-key-of-at-least-32-bytes";
    public const string Issuer = "game-backend";
    public const string Audience = "nextgpt";
    public const string ApiKey = "jwt-server-api-key";

    /// <summary>A token as the game's backend would issue it (HS256), with the given key and lifetime.</summary>
    public static string Token(string signingKey = SigningKey, TimeSpan? lifetime = null, string issuer = Issuer, string subject = "player-7")
    {
        var now = DateTime.UtcNow;
        var expires = now + (lifetime ?? TimeSpan.FromMinutes(5));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim("sub", subject)]),
            Issuer = issuer,
            Audience = Audience,
            IssuedAt = expires < now ? expires.AddMinutes(-5) : now,
            NotBefore = expires < now ? expires.AddMinutes(-5) : now,
            Expires = expires,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
        });
    }
}

/// <summary>JWT bearer tokens: a valid one is accepted (header or access_token query); a wrong signature, an expired token
/// or a wrong issuer is refused; API keys keep working beside them.</summary>
public sealed class JwtAuthenticationTests(JwtServer server) : IClassFixture<JwtServer>
{
    [Fact]
    public async Task A_valid_token_connects_and_runs_a_turn()
    {
        await using var connection = await server.ConnectAsync(JwtServer.Token());
        var session = await connection.CreateSession();

        var events = await connection.Collect(new TurnRequest { SessionId = session.SessionId, Text = "hello", AllowedOutputs = [Modality.Text] });

        Assert.IsType<TurnCompleted>(events[^1]);
    }

    [Fact]
    public async Task A_token_with_a_wrong_signature_an_expiry_in_the_past_or_another_issuer_is_refused()
    {
        var forged = await Assert.ThrowsAnyAsync<HttpRequestException>(() =>
            server.ConnectAsync(JwtServer.Token(signingKey: "another-signing-key-that-is-also-32-bytes-long")));
        var expired = await Assert.ThrowsAnyAsync<HttpRequestException>(() => server.ConnectAsync(JwtServer.Token(lifetime: TimeSpan.FromMinutes(-1))));
        var foreign = await Assert.ThrowsAnyAsync<HttpRequestException>(() => server.ConnectAsync(JwtServer.Token(issuer: "someone-else")));
        var none = await Assert.ThrowsAnyAsync<HttpRequestException>(() => server.ConnectAsync());

        Assert.All([forged, expired, foreign, none], e => Assert.Equal(HttpStatusCode.Unauthorized, e.StatusCode));
    }

    [Fact]
    public async Task The_token_is_read_from_the_access_token_query_as_browsers_send_it()
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        async Task<HttpStatusCode> Negotiate(string token) =>
            (await http.PostAsync($"{NextGptHub.Path}/negotiate?negotiateVersion=1&access_token={Uri.EscapeDataString(token)}", null)).StatusCode;

        Assert.Equal(HttpStatusCode.OK, await Negotiate(JwtServer.Token()));
        Assert.Equal(HttpStatusCode.Unauthorized, await Negotiate(JwtServer.Token(signingKey: "another-signing-key-that-is-also-32-bytes-long")));
        Assert.Equal(HttpStatusCode.Unauthorized, await Negotiate(JwtServer.Token(lifetime: TimeSpan.FromMinutes(-1))));
    }

    [Fact]
    public async Task Api_keys_still_work_next_to_tokens()
    {
        await using var connection = await server.ConnectAsync(JwtServer.ApiKey);

        var session = await connection.CreateSession();

        Assert.False(string.IsNullOrEmpty(session.SessionId));
    }
}
