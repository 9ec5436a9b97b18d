using AgentPlatform.Server.Delivery;
using AgentPlatform.Server.Transport;

namespace AgentPlatform.Server.AspV1.Connections;

/// <summary>
/// Where a host keeps asp-v1 sessions. The Relay keeps them in its core (so they are reachable by connection id from
/// any replica); the in-process endpoint keeps them in a table of its own. Both write through the same
/// <see cref="ConnectionOutbox"/>, the one reliable-session implementation.
/// </summary>
public interface IAspV1Sessions
{
    /// <summary>
    /// Registers a new session, starts writing to <paramref name="transport"/>, and returns once the session is
    /// reachable (in the Relay: from every replica). Throws when it cannot be; nothing is left open then.
    /// </summary>
    Task<IAspV1Connection> OpenAsync(AspV1SessionRequest request, IFrameTransport transport, CancellationToken cancellationToken);

    /// <summary>
    /// Attaches <paramref name="transport"/> to the session holding <paramref name="resumeToken"/> and replays what the
    /// peer has not received after <paramref name="lastReceived"/>; <paramref name="preamble"/> builds the HELLO answer
    /// (given the session and its new token), written before the replay. A session of another user than
    /// <paramref name="userId"/> is <see cref="ResumeOutcome.OtherUser"/> (<see cref="SessionUsers.MayResume"/>).
    /// </summary>
    ResumeOutcome TryResume(string resumeToken, long lastReceived, string? userId, IFrameTransport transport,
        Func<IAspV1Connection, string, OutboundFrame> preamble, out IAspV1Connection? connection);

    /// <summary>
    /// <see cref="TryResume"/> for hosts that may have to fetch the session first (the Relay with Redis: a session held
    /// by another replica is taken over). A session taken over arrives without engine state (<see cref="IAspV1Connection.State"/>
    /// is null when <paramref name="preamble"/> runs); the handshake gives it one.
    /// </summary>
    async ValueTask<(ResumeOutcome Outcome, IAspV1Connection? Connection)> TryResumeAsync(string resumeToken, long lastReceived,
        string? userId, IFrameTransport transport, Func<IAspV1Connection, string, OutboundFrame> preamble, CancellationToken cancellationToken)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        var outcome = TryResume(resumeToken, lastReceived, userId, transport, preamble, out var connection);
        return (outcome, connection);
    }

    /// <summary>The socket under the session dropped: a reliable session waits for its resume, any other closes.</summary>
    void TransportLost(IAspV1Connection connection, IFrameTransport transport);

    /// <summary>Closes the session for good: queued frames go out, then the close frame with <paramref name="closeCode"/>.</summary>
    void Close(IAspV1Connection connection, string reason, int closeCode);

    /// <summary>Completes when the closing handshake of the session's last socket was sent.</summary>
    Task TransportClosed(IAspV1Connection connection);
}
