using AgentPlatform.Protocol.Agenkit;
using AgentPlatform.Protocol.Auth;
using AgentPlatform.Relay.Auth;

namespace AgentPlatform.Relay.Agenkit;

/// <summary>
/// Who the connection is (docs/protocol/agenkit.md, "Security"). The first envelope carrying a token sets the
/// identity; later tokens are ignored while it is valid and replace it once it has expired if they name the same
/// user (a client that sends a fresh token with every frame keeps a pooled connection alive). A TCP connection under
/// <c>RequireToken</c> needs an identity before anything but <c>negotiate</c>; a Unix peer is trusted by the socket
/// file's mode, yet a token it presents must be valid and then gates it like any other. Every refusal is
/// UNAUTHORIZED, then the connection closes.
/// </summary>
internal sealed partial class AgenkitConnection
{
    private RelayIdentity? _identity;

    /// <summary>True when this connection must present a token (TCP, or TLS over TCP, under RequireToken).</summary>
    private bool TokenRequired => transportName != "unix" && services.Options.RequireToken == true;

    /// <summary>Strips and checks the envelope's token; null when the envelope may go on, else why the connection ends (already told).</summary>
    private async ValueTask<string?> AuthorizeAsync(AgenkitEnvelope envelope)
    {
        if (envelope.Type == AgenkitMessageType.Request && envelope.Payload["method"]?.ToString() == AgenkitMethods.Negotiate) return null;
        var token = AgenkitAuth.TakeToken(envelope.Payload);
        var now = services.Time.GetUtcNow();
        if (token is not null && (_identity is null || Expired(_identity, now)))
        {
            var result = services.Authenticator?.AuthenticateToken(token, "envelope") ?? AuthenticationResult.Fail("this Relay checks no tokens");
            if (result.Identity is null) return await RefuseAsync(envelope.Id, result.Error).ConfigureAwait(false);
            // A renewal must not turn the connection (its sessions, its registrations) into someone else's.
            if (_identity is not null && result.Identity.UserId != _identity.UserId)
            {
                return await RefuseAsync(envelope.Id, "the renewed access token is for another user than the connection's").ConfigureAwait(false);
            }
            _identity = result.Identity;
            LogAuthenticated(services.Logger, _relay.Id, _identity.UserId, _identity.Roles.Count);
        }
        if (_identity is not null && Expired(_identity, now)) return await RefuseAsync(envelope.Id, "the access token has expired").ConfigureAwait(false);
        if (_identity is null && TokenRequired) return await RefuseAsync(envelope.Id, AgentSocketAuthenticator.MissingToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>Expired as the validator sees it: past <c>exp</c> by more than the clock skew every dialect allows.</summary>
    private static bool Expired(RelayIdentity identity, DateTimeOffset now) => identity.Expires is { } expires && expires + PlatformAccessToken.Skew <= now;

    private async ValueTask<string> RefuseAsync(string id, string reason)
    {
        var error = AgenkitAuth.Refusal(reason);
        LogRefused(services.Logger, _relay.Id, transportName, reason);
        await SendErrorAsync(id, error).ConfigureAwait(false);
        return "unauthorized (" + reason + ")";
    }

    /// <summary>True when the connection may invoke <paramref name="agent"/>: no identity (a trusted peer) or a role allowing it.</summary>
    private bool MayInvoke(string agent) => _identity?.MayInvoke(agent) ?? true;

    /// <summary>True when the connection may register (heartbeat, unregister) <paramref name="agent"/>.</summary>
    private bool MayProvide(string agent) => _identity is null || PlatformRoles.MayProvide(_identity.Roles, [agent]);

    [LoggerMessage(Level = LogLevel.Debug, Message = "agenkit connection {ConnectionId} is user {UserId} with {RoleCount} roles")]
    private static partial void LogAuthenticated(ILogger logger, string connectionId, string userId, int roleCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "agenkit connection {ConnectionId} over {Transport} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string connectionId, string transport, string reason);
}
