using System.Text.Json;
using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Agenkit;
using AgentPlatform.Relay.Auth;

namespace AgentPlatform.Relay.Agenkit;

/// <summary>
/// Where an agenkit envelope carries a platform access token and what a refusal looks like (docs/protocol/agenkit.md,
/// "Security"). The envelope has no header of its own, so the token rides in the metadata a client already controls:
/// <c>payload.message.metadata.authorization</c> (a request: the only place agenkit's stock RemoteAgent can set) or
/// <c>payload.metadata.authorization</c> (register, heartbeat, unregister), as <c>"Bearer &lt;token&gt;"</c> or the bare
/// token. The Relay removes the key wherever it finds it, so a token never reaches an agent, a forwarded endpoint or
/// the Registry's metadata.
/// </summary>
public static class AgenkitAuth
{
    /// <summary>The metadata key of the token.</summary>
    public const string AuthorizationKey = "authorization";

    /// <summary>Not in the seed: the connection has no valid token (details <c>reason</c>: <see cref="MissingToken"/>, <see cref="ExpiredToken"/>, <see cref="InvalidToken"/>); sent, then the connection closes.</summary>
    public const string Unauthorized = "UNAUTHORIZED";

    /// <summary>Not in the seed: the token's roles do not allow this call or registration; the connection stays.</summary>
    public const string Forbidden = "FORBIDDEN";

    /// <summary><c>error_details.reason</c>: no token came on a connection that needs one.</summary>
    public const string MissingToken = "missing_token";

    /// <summary><c>error_details.reason</c>: the token has expired.</summary>
    public const string ExpiredToken = "token_expired";

    /// <summary><c>error_details.reason</c>: the token is not valid (signature, audience, shape, or the shared key where it is not allowed).</summary>
    public const string InvalidToken = "invalid_token";

    /// <summary>
    /// Removes every <c>authorization</c> key from the payload's metadata and returns the token it held (the
    /// message's first), without a <c>Bearer </c> prefix; "" when the key held no usable string; null when absent.
    /// </summary>
    public static string? TakeToken(JsonObject payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var fromMessage = payload["message"] is JsonObject message ? Take(message) : null;
        var fromPayload = Take(payload);
        return fromMessage ?? fromPayload;
    }

    /// <summary>The error refusing a connection for <paramref name="reason"/> (the authenticator's words, never the token).</summary>
    public static AgenkitError Refusal(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var code = reason == AgentSocketAuthenticator.MissingToken ? MissingToken
            : reason.Contains("expired", StringComparison.OrdinalIgnoreCase) ? ExpiredToken
            : InvalidToken;
        return new AgenkitError(Unauthorized, "Unauthorized: " + reason, new JsonObject { ["reason"] = code });
    }

    /// <summary>The error refusing a call or registration the roles do not allow.</summary>
    public static AgenkitError Refused(string role, string agent) =>
        new(Forbidden, $"The access token does not allow this: it needs the role '{role}' or '{role}.{agent}'",
            new JsonObject { ["reason"] = "forbidden", ["agent_name"] = agent, ["role"] = role });

    private static string? Take(JsonObject owner)
    {
        if (owner["metadata"] is not JsonObject metadata || !metadata.ContainsKey(AuthorizationKey)) return null;
        var value = metadata[AuthorizationKey];
        metadata.Remove(AuthorizationKey);
        if (value is not JsonValue v || v.GetValueKind() != JsonValueKind.String) return "";
        var text = v.GetValue<string>().Trim();
        return text.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? text["Bearer ".Length..].Trim() : text;
    }
}
