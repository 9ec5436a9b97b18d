using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.Registry;
using AgentPlatform.Server.AspV1.Invocations;
using AgentPlatform.Server.Delivery;
using AgentPlatform.Server.Limits;
using AgentPlatform.Server.Transport;

namespace AgentPlatform.Server.AspV1.Connections;

/// <summary>Turns a client HELLO into a session: a new one (client or provider role), or a resumed one with replay.</summary>
public sealed class AspV1Handshake(AspV1Engine engine)
{
    private static readonly string[] Supported = [AspCapabilities.Reliable, AspCapabilities.Stream, AspCapabilities.Tools, AspCapabilities.Request];

    /// <summary>Checks version and token; null when HELLO may go on, else the refusal.</summary>
    public HandshakeResult? Admit(ClientHelloFrame hello, bool authenticatedOnUpgrade) =>
        Admit(hello, new AspV1Admission(authenticatedOnUpgrade), out _);

    /// <summary>
    /// Checks version and token; null when HELLO may go on (with <paramref name="effective"/>: the upgrade's identity,
    /// or HELLO's when it carried a token), else the refusal.
    /// </summary>
    public HandshakeResult? Admit(ClientHelloFrame hello, AspV1Admission upgrade, out AspV1Admission effective)
    {
        ArgumentNullException.ThrowIfNull(upgrade);
        effective = upgrade;
        var authenticatedOnUpgrade = upgrade.Authenticated;
        ArgumentNullException.ThrowIfNull(hello);
        if (hello.Version != AspV1Protocol.Version)
        {
            return new(null, AspErrorCodes.UnsupportedVersion, "this server speaks asp-v1 (v = 1)");
        }
        if (engine.Options.TokenAdmission is { } admit)
        {
            if (hello.Token is { } helloToken)
            {
                if (admit(helloToken) is not { } fromHello) return new(null, AspErrorCodes.Unauthorized, "the token is missing or not valid");
                effective = fromHello;
            }
            else if (!authenticatedOnUpgrade)
            {
                return new(null, AspErrorCodes.Unauthorized, "the token is missing or not valid");
            }
        }
        else if (engine.Options.TokenValidator is { } validate)
        {
            // A token repeated in HELLO must be the right one even when the upgrade was authenticated already.
            if (hello.Token is { } token ? !validate(token) : !authenticatedOnUpgrade)
            {
                return new(null, AspErrorCodes.Unauthorized, "the token is missing or not valid");
            }
        }
        return null;
    }

    public Task<HandshakeResult> OpenAsync(ClientHelloFrame hello, IFrameTransport transport, string? userId,
        CancellationToken cancellationToken) =>
        OpenAsync(hello, transport, new AspV1Admission(true, userId), cancellationToken);

    /// <summary>Opens a new session for <paramref name="admission"/>'s identity; a provider's roles must allow its agents.</summary>
    public async Task<HandshakeResult> OpenAsync(ClientHelloFrame hello, IFrameTransport transport, AspV1Admission admission,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hello);
        ArgumentNullException.ThrowIfNull(admission);
        var userId = admission.UserId;
        var role = hello.Role ?? AspRoles.Client;
        if (role is not (AspRoles.Client or AspRoles.Provider) || (role == AspRoles.Provider && engine.Providers is null))
        {
            return new(null, AspErrorCodes.BadFrame, engine.Providers is null ? "role must be client" : "role must be client or provider");
        }
        var agents = hello.Agents ?? [];
        if (role == AspRoles.Provider && (agents.Count == 0 || !agents.All(RegistrationValidator.IsValidName)))
        {
            return new(null, AspErrorCodes.BadFrame, "a provider names the agents it serves, each [a-z0-9][a-z0-9._-]{0,62}");
        }
        if (role == AspRoles.Provider && !admission.MayProvide(agents))
        {
            return new(null, AspErrorCodes.Forbidden, "the token's roles do not allow providing these agents (agent.provide)");
        }
        var caps = hello.Caps.Where(c => Supported.Contains(c, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal).ToArray();
        var reliable = caps.Contains(AspCapabilities.Reliable, StringComparer.Ordinal);
        var limits = engine.Options.Limits;
        var state = new AspV1ConnectionState(role, caps, reliable, new TokenBucket(limits.FramesPerSecond, limits.FrameBurst, engine.Time));
        IAspV1Connection connection;
        try
        {
            connection = await engine.Sessions.OpenAsync(new AspV1SessionRequest(role, reliable, userId), transport, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new(null, AspErrorCodes.Internal, "the server cannot open a session now; retry");
        }
        state.Admission = admission;
        Prepare(connection, state);
        await AspFrameSender.SendAsync(connection, Hello(connection, connection.ResumeToken ?? "", state, null, null), connection.Closed)
            .ConfigureAwait(false);
        if (role == AspRoles.Provider)
        {
            await engine.Providers!.OpenedAsync(connection, [.. agents.Distinct(StringComparer.Ordinal)]).ConfigureAwait(false);
            // Closed while it was being announced: the close callback's removal may have run first.
            if (connection.Closed.IsCancellationRequested) await engine.Providers.ClosedAsync(connection).ConfigureAwait(false);
        }
        return new(connection);
    }

    public async Task<HandshakeResult> ResumeAsync(string token, ClientHelloFrame hello, IFrameTransport transport, AspV1Admission admission,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hello);
        ArgumentNullException.ThrowIfNull(admission);
        var lastSeq = (long)Math.Min(hello.LastSeq ?? 0, long.MaxValue);
        var (outcome, connection) = await engine.Sessions.TryResumeAsync(token, lastSeq, admission.UserId, transport, (c, newToken) =>
            {
                // Taken over from another Relay replica: the session is new to this engine.
                var state = c.State ?? Adopt(c, hello, admission);
                return AspFrameSender.Encode(Hello(c, newToken, state, (ulong)lastSeq + 1, (ulong)state.LastProcessedInbound));
            }, cancellationToken).ConfigureAwait(false);
        return outcome switch
        {
            ResumeOutcome.Resumed => new(connection),
            ResumeOutcome.AheadOfSender => new(null, AspErrorCodes.ResumeFailed, "lastSeq is beyond what the server sent"),
            ResumeOutcome.BehindBuffer => new(null, AspErrorCodes.ResumeFailed, "the replay buffer no longer holds lastSeq + 1"),
            // FORBIDDEN, not RESUME_FAILED: a client that starts a new session would only hide that its credential changed hands.
            ResumeOutcome.OtherUser => new(null, AspErrorCodes.Forbidden, "the session belongs to another user than the token's"),
            _ => new(null, AspErrorCodes.ResumeFailed, "the resume token is unknown or expired"),
        };
    }

    /// <summary>
    /// Engine state for a client session taken over from another replica: its invocations ran there (their output is
    /// forwarded here, CANCEL and REPLY for them are not), de-duplication of client frames continues where it stopped.
    /// </summary>
    private AspV1ConnectionState Adopt(IAspV1Connection connection, ClientHelloFrame hello, AspV1Admission admission)
    {
        var caps = hello.Caps.Where(c => Supported.Contains(c, StringComparer.Ordinal)).Append(AspCapabilities.Reliable)
            .Distinct(StringComparer.Ordinal).ToArray();
        var limits = engine.Options.Limits;
        var state = new AspV1ConnectionState(AspRoles.Client, caps, true, new TokenBucket(limits.FramesPerSecond, limits.FrameBurst, engine.Time))
        {
            LastAckSent = connection.RestoredInbound,
            // The roles of the resuming client's credential gate what it invokes here.
            Admission = admission,
        };
        state.RestoreInbound(connection.RestoredInbound);
        Prepare(connection, state);
        return state;
    }

    /// <summary>Gives a session its engine state: invocation table (clients), observer, the stop-everything on close.</summary>
    private void Prepare(IAspV1Connection connection, AspV1ConnectionState state)
    {
        var limits = engine.Options.Limits;
        connection.State = state;
        engine.Observer.ConnectionOpened(connection);
        if (state.Role == AspRoles.Client)
        {
            state.Invocations = new InvocationTable(new SessionOutput(connection), engine.Router,
                new InvocationCaller(connection.Id, connection.SessionId, connection.UserId),
                new InvocationLimits { MaxConcurrent = limits.MaxConcurrentInvocations, MaxDuration = engine.Options.MaxInvocationDuration },
                engine.Observer, engine.Time);
        }
        connection.Closed.Register(static s =>
        {
            var (engine, connection) = ((AspV1Engine, IAspV1Connection))s!;
            engine.OnClosedForGood(connection);
        }, (engine, connection));
    }

    private ServerHelloFrame Hello(IAspV1Connection c, string resumeToken, AspV1ConnectionState state, ulong? seq, ulong? lastSeq) =>
        new(c.Id, c.SessionId, (uint)engine.Options.Limits.PingInterval.TotalMilliseconds, (uint)engine.Options.Limits.MaxFrameBytes,
            resumeToken, state.Caps)
        {
            Seq = seq,
            LastSeq = lastSeq,
        };
}
