using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.Registry;
using AgentPlatform.Relay.Core;
using AgentPlatform.Relay.Core.Delivery;
using AgentPlatform.Relay.Core.Transport;
using AgentPlatform.Relay.Limits;
using AgentPlatform.Relay.Routing.Providers;

namespace AgentPlatform.Relay.AspV1.Connections;

/// <summary>Turns a client HELLO into a session: a new one (client or provider role), or a resumed one with replay.</summary>
public sealed class AspV1Handshake(AspV1Services services)
{
    private static readonly string[] Supported = [AspCapabilities.Reliable, AspCapabilities.Stream, AspCapabilities.Tools, AspCapabilities.Request];

    public async Task<HandshakeResult> OpenAsync(ClientHelloFrame hello, IFrameTransport transport)
    {
        ArgumentNullException.ThrowIfNull(hello);
        var role = hello.Role ?? AspRoles.Client;
        if (role is not (AspRoles.Client or AspRoles.Provider))
        {
            return new(null, AspErrorCodes.BadFrame, "role must be client or provider");
        }
        var agents = hello.Agents ?? [];
        if (role == AspRoles.Provider && (agents.Count == 0 || !agents.All(RegistrationValidator.IsValidName)))
        {
            return new(null, AspErrorCodes.BadFrame, "a provider names the agents it serves, each [a-z0-9][a-z0-9._-]{0,62}");
        }
        var caps = hello.Caps.Where(c => Supported.Contains(c, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal).ToArray();
        var reliable = caps.Contains(AspCapabilities.Reliable, StringComparer.Ordinal);
        var limits = services.Options.Limits;
        var state = new AspV1ConnectionState(role, caps, reliable, new TokenBucket(limits.FramesPerSecond, limits.FrameBurst, services.Time));
        var connection = services.Core.Open(new ConnectionRegistration
        {
            Hub = AspV1Dialect.HubName,
            Dialect = AspV1Dialect.Instance,
            Reliable = reliable,
            Roles = [role],
        }, transport);
        connection.DialectState = state;
        services.Telemetry.Connections.Add(1);
        connection.Closed.Register(() => services.Telemetry.Connections.Add(-1));
        await AspFrameSender.SendAsync(connection, Hello(connection, connection.ResumeToken ?? "", state, null, null), connection.Closed)
            .ConfigureAwait(false);
        if (role == AspRoles.Provider)
        {
            var link = new ProviderLink(connection, [.. agents.Distinct(StringComparer.Ordinal)]);
            state.Provider = link;
            services.Directory.Providers.Add(link);
            connection.Closed.Register(() => _ = services.Invocations.ProviderGoneAsync(link).AsTask());
        }
        else
        {
            connection.Closed.Register(() => _ = services.Invocations.ClientGoneAsync(connection, state).AsTask());
        }
        return new(connection);
    }

    public HandshakeResult Resume(string token, ClientHelloFrame hello, IFrameTransport transport)
    {
        ArgumentNullException.ThrowIfNull(hello);
        var lastSeq = (long)Math.Min(hello.LastSeq ?? 0, long.MaxValue);
        var outcome = services.Core.TryResume(AspV1Dialect.HubName, token, lastSeq, transport, out var connection,
            (c, newToken) => AspFrameSender.Encode(Hello(c, newToken, (AspV1ConnectionState)c.DialectState!, (ulong)lastSeq + 1,
                (ulong)((AspV1ConnectionState)c.DialectState!).LastProcessedInbound)));
        return outcome switch
        {
            ResumeOutcome.Resumed => new(connection),
            ResumeOutcome.AheadOfSender => new(null, AspErrorCodes.ResumeFailed, "lastSeq is beyond what the server sent"),
            ResumeOutcome.BehindBuffer => new(null, AspErrorCodes.ResumeFailed, "the replay buffer no longer holds lastSeq + 1"),
            _ => new(null, AspErrorCodes.ResumeFailed, "the resume token is unknown or expired"),
        };
    }

    private ServerHelloFrame Hello(RelayConnection c, string resumeToken, AspV1ConnectionState state, ulong? seq, ulong? lastSeq) =>
        new(c.Id, c.SessionId, (uint)services.Options.Limits.PingInterval.TotalMilliseconds, (uint)services.Options.Limits.MaxFrameBytes,
            resumeToken, state.Caps)
        {
            Seq = seq,
            LastSeq = lastSeq,
        };
}
