using AgentPlatform.Server.Delivery;

namespace AgentPlatform.Relay.Core.Sessions;

/// <summary>No shared store (no Redis): reliable sessions stay in the replica's memory and resume only there.</summary>
public sealed class InProcessSessionStore : ISessionStore
{
    public bool IsShared => false;

    public (ISessionJournal Journal, Task Created) Create(SessionRecord record, string tokenHash, Func<long> inbound, Action fenced) =>
        throw new NotSupportedException("The in-process store keeps no journal.");

    public Task<(ResumeOutcome Outcome, SessionTakeover? Takeover)> TakeOverAsync(string connectionId, string hub, string dialect, string tokenHash,
        string newTokenHash, long lastReceived, string? userId, CancellationToken cancellationToken) =>
        Task.FromResult<(ResumeOutcome, SessionTakeover?)>((ResumeOutcome.Closed, null));

    public Task RecordInboundAsync(string connectionId, long epoch, long inbound) => Task.CompletedTask;

    public Task<long> ReadInboundAsync(string connectionId) => Task.FromResult(0L);

    public ISessionJournal Adopt(SessionRecord record, long epoch, Func<long> inbound, Action fenced) =>
        throw new NotSupportedException("The in-process store keeps no journal.");
}
