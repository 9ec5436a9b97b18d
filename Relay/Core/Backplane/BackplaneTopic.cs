namespace AgentPlatform.Relay.Core.Backplane;

/// <summary>One backplane channel, before it is given its transport name (<see cref="BackplaneChannels"/>).</summary>
/// <param name="Kind">What the channel is about.</param>
/// <param name="Hub">The hub, empty for replica-level kinds (Ack, Providers).</param>
/// <param name="Name">The connection id, group, user or replica id; empty for All and Providers.</param>
public readonly record struct BackplaneTopic(BackplaneTopicKind Kind, string Hub, string Name)
{
    public static BackplaneTopic Connection(string hub, string connectionId) => new(BackplaneTopicKind.Connection, hub, connectionId);

    public static BackplaneTopic Group(string hub, string group) => new(BackplaneTopicKind.Group, hub, group);

    public static BackplaneTopic User(string hub, string user) => new(BackplaneTopicKind.User, hub, user);

    public static BackplaneTopic All(string hub) => new(BackplaneTopicKind.All, hub, "");

    public static BackplaneTopic Ack(string replicaId) => new(BackplaneTopicKind.Ack, "", replicaId);

    public static BackplaneTopic Providers { get; } = new(BackplaneTopicKind.Providers, "", "");
}
