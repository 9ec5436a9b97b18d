namespace AgentPlatform.Relay.Core.Sessions;

/// <summary>What a replica needs to take over a reliable session it does not hold (kept in the shared session store).</summary>
/// <param name="ConnectionId">The connection (and session) id; kept across replicas.</param>
/// <param name="Hub">The hub the connection belongs to.</param>
/// <param name="Dialect">The dialect's name (asp-v1, webpubsub, ...); a session resumes only in its own dialect.</param>
/// <param name="SessionId">The session id the dialect reports.</param>
/// <param name="UserId">The authenticated user, when there is one.</param>
/// <param name="Roles">The connection's roles (asp-v1: client or provider).</param>
public sealed record SessionRecord(string ConnectionId, string Hub, string Dialect, string SessionId, string? UserId, IReadOnlyList<string> Roles);
