using System.Security.Cryptography;
using System.Text;
using AgentPlatform.Protocol.Auth;

namespace AgentPlatform.Relay.Auth;

/// <summary>
/// Turns a presented token into a <see cref="RelayIdentity"/>, for every dialect. A token comes three ways (the ACP
/// WebSocket RFD's list): <c>Authorization: Bearer &lt;token&gt;</c>; a subprotocol <c>bearer.&lt;base64url(token)&gt;</c>
/// (browsers cannot set headers); or <c>?access_token=&lt;token&gt;</c>; asp-v1 may also repeat it in HELLO. The token is
/// a platform access token (<see cref="PlatformAccessToken"/>, signed with the agent-socket key) or, only when
/// <c>Relay:Auth:AllowSharedKey</c>, the key itself (compared in constant time; the development identity with every role).
/// </summary>
public sealed class AgentSocketAuthenticator(RelayOptions options, TimeProvider time)
{
    /// <summary>Prefix of the subprotocol that carries the token.</summary>
    public const string SubprotocolPrefix = "bearer.";

    /// <summary>The reason given when no token came at all.</summary>
    public const string MissingToken = "missing access token";

    /// <summary>The identity of the request's token, or why there is none. The first valid token wins.</summary>
    public AuthenticationResult AuthenticateRequest(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        AuthenticationResult? first = null;
        foreach (var (token, via) in Presented(request))
        {
            var result = AuthenticateToken(token, via);
            if (result.Identity is not null) return result;
            first ??= result;
        }
        return first ?? AuthenticationResult.Fail(MissingToken);
    }

    /// <summary>Returns how the token came (header, subprotocol, query) or null when it is missing or not valid.</summary>
    public string? Authenticate(HttpRequest request) => AuthenticateRequest(request).Identity?.Via;

    /// <summary>Constant time, and the length of the key does not show either: both sides are hashed first.</summary>
    public static bool SameKey(string presented, string key) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The identity of one token that came <paramref name="via"/>.</summary>
    public AuthenticationResult AuthenticateToken(string? token, string via)
    {
        if (string.IsNullOrEmpty(token)) return AuthenticationResult.Fail(MissingToken);
        if (options.AgentSocketKey is not { Length: > 0 } key) return AuthenticationResult.Fail("this Relay has no access key configured");
        if (options.Auth.AllowSharedKey == true
            && SameKey(token, key))
        {
            return AuthenticationResult.Of(new RelayIdentity(options.Auth.DevelopmentUser, PlatformRoles.All, via, SharedKey: true, Expires: null));
        }
        return PlatformAccessToken.TryValidate(token, [key], time.GetUtcNow(), out var claims, out var error)
            ? AuthenticationResult.Of(new RelayIdentity(claims.UserId, claims.Roles, via, SharedKey: false, claims.Expires))
            : AuthenticationResult.Fail(error);
    }

    /// <summary>True when <paramref name="token"/> (e.g. HELLO's <c>token</c>) is valid.</summary>
    public bool Matches(string token) => AuthenticateToken(token, "hello").Identity is not null;

    /// <summary>The subprotocol form of a token (what a client offers beside its dialect's subprotocol).</summary>
    public static string ToSubprotocol(string token) =>
        SubprotocolPrefix + Convert.ToBase64String(Encoding.UTF8.GetBytes(token)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static IEnumerable<(string Token, string Via)> Presented(HttpRequest request)
    {
        var auth = request.Headers.Authorization.ToString();
        if (auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) yield return (auth["Bearer ".Length..].Trim(), "header");
        foreach (var offered in request.Headers.SecWebSocketProtocol.SelectMany(SplitProtocols))
        {
            if (offered.StartsWith(SubprotocolPrefix, StringComparison.Ordinal) && TryDecode(offered[SubprotocolPrefix.Length..]) is { } token)
            {
                yield return (token, "subprotocol");
            }
        }
        if (request.Query.TryGetValue("access_token", out var q) && q.ToString() is { Length: > 0 } query) yield return (query, "query");
    }

    private static IEnumerable<string> SplitProtocols(string? header) =>
        (header ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string? TryDecode(string base64Url)
    {
        if (base64Url.Length > 16 * 1024) return null;
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        s = s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');
        var buffer = new byte[s.Length];
        if (!Convert.TryFromBase64String(s, buffer, out var n)) return null;
        try
        {
            return new UTF8Encoding(false, true).GetString(buffer, 0, n);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
