namespace AgentPlatform.Relay.Core.Backplane;

/// <summary>What a backplane channel is about (docs/protocol/relay-backplane.md, "Channels").</summary>
public enum BackplaneTopicKind
{
    /// <summary>One connection: sends to it and group operations on it. Subscribed by the replica holding it.</summary>
    Connection = 1,

    /// <summary>One group of a hub. Subscribed by every replica with at least one local member.</summary>
    Group = 2,

    /// <summary>One user of a hub. Subscribed by every replica with at least one local connection of the user.</summary>
    User = 3,

    /// <summary>Every connection of a hub. Subscribed by every replica with at least one local connection in the hub.</summary>
    All = 4,

    /// <summary>Acknowledgements addressed to one replica (the name is the replica id; no hub).</summary>
    Ack = 5,

    /// <summary>Direct-mode provider presence, shared by every replica (no hub, no name).</summary>
    Providers = 6,
}
