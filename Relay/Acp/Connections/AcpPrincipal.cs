using System.Security.Cryptography;
using System.Text;

namespace AgentPlatform.Relay.Acp.Connections;

/// <summary>
/// Who an ACP connection acts for: the token's subject (<see cref="FromUser"/>), so session ids and
/// <c>Acp-Connection-Id</c> are capabilities among one user's connections, and nothing more (docs/protocol/acp.md §7,
/// §8.6). <see cref="FromToken"/> (a stable hash of a token, never the token itself) remains for hosts without identities.
/// </summary>
public static class AcpPrincipal
{
    /// <summary>The <see cref="HttpContext.Items"/> key under which the endpoint leaves the request's principal.</summary>
    public const string ItemKey = "agentplatform.acp.principal";

    /// <summary>"token:" and the first 16 hex digits of the token's SHA-256: stable across restarts, not reversible.</summary>
    public static string FromToken(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return "token:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..16];
    }

    /// <summary>"user:" and the token's subject: every connection of one user is the same principal.</summary>
    public static string FromUser(string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return "user:" + userId;
    }

    /// <summary>The principal the endpoint authenticated for <paramref name="http"/>, if any.</summary>
    public static string? Of(HttpContext http) => http?.Items[ItemKey] as string;
}
