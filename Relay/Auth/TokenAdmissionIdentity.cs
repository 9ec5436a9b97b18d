using AgentPlatform.Relay.Limits;
using AgentPlatform.Relay.WebPubSub.Auth;

namespace AgentPlatform.Relay.Auth;

/// <summary>
/// Names the user of a dialect request for admission (<see cref="RelayLimitsOptions.MaxConnectionsPerUser"/>) from the
/// credential it presents, checked as its endpoint checks it (signature, expiry, audience), so that nothing unsigned
/// picks whose share a connection spends. Web PubSub client paths (<c>/client/hubs/{hub}</c>, <c>/client?hub=</c>):
/// the client token's <c>sub</c> (query <c>access_token</c>, else <c>Authorization: Bearer</c>). Every other dialect
/// path: a platform access token's <c>sub</c> from the header, the <c>bearer.</c> subprotocol or the query
/// (<see cref="AgentSocketAuthenticator"/>). The shared development key, a Web PubSub REST call, a token that does not
/// validate, or none at all: null, and only the remote address is counted. Both token kinds name users in one space:
/// "alice" on asp-v1 and "alice" on Web PubSub share one allowance. A token repeated in asp-v1's HELLO comes after
/// admission and is not seen here. Validation is an HS256 over a few hundred bytes (microseconds), done again by the
/// endpoint; nothing is cached, so a connection is never admitted on a token that has since expired.
/// </summary>
public sealed class TokenAdmissionIdentity(AgentSocketAuthenticator authenticator, WebPubSubTokenValidator webPubSubTokens) : IAdmissionIdentity
{
    public string? UserOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (request.Path.StartsWithSegments("/client", StringComparison.OrdinalIgnoreCase, out var rest)) return WebPubSubUser(request, rest);
        // A REST call is a server acting for many users, signed for its URL; it has no user of its own.
        if (request.Path.StartsWithSegments("/api/hubs", StringComparison.OrdinalIgnoreCase)) return null;
        return authenticator.AuthenticateRequest(request).Identity is { SharedKey: false } identity ? identity.UserId : null;
    }

    private string? WebPubSubUser(HttpRequest request, PathString rest)
    {
        string hub;
        if (rest.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase, out var hubPath) && hubPath.Value is { Length: > 1 } segment)
        {
            hub = Uri.UnescapeDataString(segment[1..].TrimEnd('/'));
        }
        else
        {
            hub = request.Query["hub"].ToString();
        }
        if (hub.Length == 0) return null;
        var token = request.Query["access_token"].ToString();
        var auth = request.Headers.Authorization.ToString();
        if (token.Length == 0 && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) token = auth[7..].Trim();
        if (token.Length == 0) return null;
        return webPubSubTokens.TryValidateClient(request, hub, token, out var claims, out _) && !string.IsNullOrEmpty(claims.UserId)
            ? claims.UserId
            : null;
    }
}
