namespace AgentPlatform.Relay.Core.Backplane;

/// <summary>One core operation published to every replica; each applies it to the connections it holds.</summary>
/// <param name="Operation">What to do.</param>
/// <param name="Hub">The hub it applies to.</param>
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
    string? Reason = null);
