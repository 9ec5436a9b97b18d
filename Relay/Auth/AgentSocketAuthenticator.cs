using System.Security.Cryptography;
using System.Text;

namespace AgentPlatform.Relay.Auth;

/// <summary>
/// Checks the token of an asp-v1 upgrade, accepted three ways (the ACP WebSocket RFD's list):
/// <c>Authorization: Bearer &lt;token&gt;</c>; a subprotocol <c>bearer.&lt;base64url(token)&gt;</c> offered beside
/// <c>asp-v1</c> (browsers cannot set headers); or <c>?access_token=&lt;token&gt;</c>. Compared in constant time.
/// </summary>
public sealed class AgentSocketAuthenticator(RelayOptions options)
{
    /// <summary>Prefix of the subprotocol that carries the token.</summary>
    public const string SubprotocolPrefix = "bearer.";

    /// <summary>Returns how the token came (header, subprotocol, query) or null when it is missing or wrong.</summary>
    public string? Authenticate(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (options.AgentSocketKey is not { Length: > 0 } key) return null;
        var expected = Encoding.UTF8.GetBytes(key);
        var auth = request.Headers.Authorization.ToString();
        if (auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && Matches(auth["Bearer ".Length..].Trim(), expected))
        {
            return "header";
        }
        foreach (var offered in request.Headers.SecWebSocketProtocol.SelectMany(SplitProtocols))
        {
            if (offered.StartsWith(SubprotocolPrefix, StringComparison.Ordinal) && TryDecode(offered[SubprotocolPrefix.Length..]) is { } token
                && CryptographicOperations.FixedTimeEquals(token, expected))
            {
                return "subprotocol";
            }
        }
        if (request.Query.TryGetValue("access_token", out var q) && Matches(q.ToString(), expected)) return "query";
        return null;
    }

    /// <summary>True when <paramref name="token"/> (e.g. HELLO's <c>token</c>) is the configured key.</summary>
    public bool Matches(string token) =>
        options.AgentSocketKey is { Length: > 0 } key && Matches(token, Encoding.UTF8.GetBytes(key));

    /// <summary>The subprotocol form of a token (what a client offers beside asp-v1).</summary>
    public static string ToSubprotocol(string token) =>
        SubprotocolPrefix + Convert.ToBase64String(Encoding.UTF8.GetBytes(token)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static IEnumerable<string> SplitProtocols(string? header) =>
        (header ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool Matches(string presented, byte[] expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), expected);

    private static byte[]? TryDecode(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        s = s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');
        var buffer = new byte[s.Length];
        return Convert.TryFromBase64String(s, buffer, out var n) ? buffer[..n] : null;
    }
}
