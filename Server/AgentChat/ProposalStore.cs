using AgentPlatform.Protocol.AgentChat;

namespace AgentPlatform.Server.AgentChat;

/// <summary>
/// The proposals of 0.7.0's <c>proposals.js</c>: only the recipient accepts or rejects a pending proposal (before it
/// expires); either party completes or disputes an accepted one. A refusal names the rule broken, which the server
/// sends as the message of INVALID_PROPOSAL. Bounded: beyond the limit, finished proposals go first, then the oldest.
/// Not thread-safe (the engine's lock guards it).
/// </summary>
internal sealed class ProposalStore(int capacity)
{
    private readonly Dictionary<string, StoredProposal> _byId = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public int Count => _byId.Count;

    public StoredProposal Add(ProposalRecord record, byte[] fromKey, byte[] toKey)
    {
        while (_byId.Count >= capacity && _order.Count > 0) Evict();
        var stored = new StoredProposal(record, fromKey, toKey);
        _byId[record.Id] = stored;
        _order.Enqueue(record.Id);
        return stored;
    }

    /// <summary>
    /// Applies a verb by agent <paramref name="by"/> acting with raw key <paramref name="byKey"/>; the proposal, or the
    /// rule it broke. A party is its id AND the key it had when the proposal was made (ids are 32-bit and collide).
    /// </summary>
    public (StoredProposal? Proposal, string? Error) Apply(string verb, string proposalId, string by, byte[] byKey, long now)
    {
        if (!_byId.TryGetValue(proposalId, out var p)) return (null, "PROPOSAL_NOT_FOUND");
        if (p.Status == ProposalStatuses.Pending && p.Record.Expires is { } expires && now > expires)
        {
            p.Status = ProposalStatuses.Expired;
            p.UpdatedAt = now;
        }
        switch (verb)
        {
            case AgentChatTypes.Accept or AgentChatTypes.Reject:
                if (p.Status == ProposalStatuses.Expired) return (null, "PROPOSAL_EXPIRED");
                if (p.Status != ProposalStatuses.Pending) return (null, "PROPOSAL_NOT_PENDING");
                if (p.Record.To != by || !byKey.AsSpan().SequenceEqual(p.ToKey)) return (null, "NOT_PROPOSAL_RECIPIENT");
                p.Status = verb == AgentChatTypes.Accept ? ProposalStatuses.Accepted : ProposalStatuses.Rejected;
                break;
            default:
                if (p.Status != ProposalStatuses.Accepted) return (null, "PROPOSAL_NOT_ACCEPTED");
                if (!IsParty(p.Record.From, p.FromKey, by, byKey) && !IsParty(p.Record.To, p.ToKey, by, byKey)) return (null, "NOT_PROPOSAL_PARTY");
                p.Status = verb == AgentChatTypes.Complete ? ProposalStatuses.Completed : ProposalStatuses.Disputed;
                break;
        }
        p.UpdatedAt = now;
        return (p, null);
    }

    private static bool IsParty(string id, byte[] key, string by, byte[] byKey) => id == by && byKey.AsSpan().SequenceEqual(key);

    private void Evict()
    {
        // One pass: drop the oldest finished proposal if there is one, else the oldest of all.
        var count = _order.Count;
        for (var i = 0; i < count; i++)
        {
            var id = _order.Dequeue();
            if (_byId.TryGetValue(id, out var p) && p.Finished)
            {
                _byId.Remove(id);
                return;
            }
            _order.Enqueue(id);
        }
        _byId.Remove(_order.Dequeue());
    }
}
