using AgentPlatform.Server.Delivery;

namespace AgentPlatform.Server.AspV1.Connections;

/// <summary>
/// A session as the engine sees it, whoever keeps it (the Relay core, or an in-process endpoint's own table):
/// identity, the outbox its frames go through, and its lifetime. A reliable session outlives its socket.
/// </summary>
public interface IAspV1Connection
{
    string Id { get; }

    string SessionId { get; }

    string? UserId { get; }

    /// <summary>The current resume token (reliable sessions); rotated on every resume.</summary>
    string? ResumeToken { get; }

    ConnectionOutbox Outbox { get; }

    /// <summary>Fires when the session is closed for good (not when a reliable session is merely waiting for a resume).</summary>
    CancellationToken Closed { get; }

    /// <summary>True while a socket is attached.</summary>
    bool IsAttached { get; }

    /// <summary>
    /// For a session taken over from another Relay replica: the highest client sequence number already processed
    /// there (de-duplication continues from it). 0 otherwise.
    /// </summary>
    long RestoredInbound => 0;

    /// <summary>The engine's per-session state, set once when the session opens.</summary>
    AspV1ConnectionState? State { get; set; }
}
