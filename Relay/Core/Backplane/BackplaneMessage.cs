namespace AgentPlatform.Relay.Core.Backplane;

/// <summary>One operation on a backplane channel; the replicas subscribed to the channel apply it to their connections.</summary>
/// <param name="Operation">What to do.</param>
/// <param name="Hub">The hub it applies to (empty for replica-level operations).</param>
/// <param name="Target">A connection id, user id or group name, depending on the operation (null for SendToAll).</param>
/// <param name="Group">The group of a join/leave operation.</param>
/// <param name="Message">The payload of a send.</param>
/// <param name="Excluded">Connection ids a group or hub send skips.</param>
/// <param name="Reason">The reason of a close.</param>
public sealed record BackplaneMessage(
    BackplaneOperation Operation,
    string Hub,
    string? Target = null,
    string? Group = null,
    RelayMessage? Message = null,
    IReadOnlyList<string>? Excluded = null,
    string? Reason = null)
{
    /// <summary>
    /// The number a replica acknowledges once it applied the operation (with <see cref="Replica"/> set), or the number
    /// an <see cref="BackplaneOperation.Ack"/> answers.
    /// </summary>
    public long? AckId { get; init; }

    /// <summary>The replica to acknowledge to (with <see cref="AckId"/>), or the replica a presence operation is about.</summary>
    public string? Replica { get; init; }

    /// <summary>The agent names of a <see cref="BackplaneOperation.ProviderAnnounce"/>.</summary>
    public IReadOnlyList<string>? Agents { get; init; }
}
