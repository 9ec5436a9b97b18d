using System.Text;

namespace AgentPlatform.Relay.Core.Backplane;

/// <summary>
/// Channel names of docs/protocol/relay-backplane.md: one prefix per hub for hub topics, one internal prefix for
/// replica-level topics. Pure, so the names are tested without a server.
/// </summary>
public static class BackplaneChannels
{
    /// <summary>The prefix of every hub topic: <c>agentplatform:relay:{hub}:…</c>.</summary>
    public const string HubPrefix = "agentplatform:relay:";

    /// <summary>The prefix of replica-level topics; a hub name can never produce it.</summary>
    public const string InternalPrefix = "agentplatform:relay-internal:";

    public static string Name(BackplaneTopic topic) => topic.Kind switch
    {
        BackplaneTopicKind.Connection => HubPrefix + Escape(topic.Hub) + ":connection:" + topic.Name,
        BackplaneTopicKind.Group => HubPrefix + Escape(topic.Hub) + ":group:" + topic.Name,
        BackplaneTopicKind.User => HubPrefix + Escape(topic.Hub) + ":user:" + topic.Name,
        BackplaneTopicKind.All => HubPrefix + Escape(topic.Hub) + ":all",
        BackplaneTopicKind.Ack => InternalPrefix + "ack:" + topic.Name,
        BackplaneTopicKind.Providers => InternalPrefix + "providers",
        _ => throw new ArgumentOutOfRangeException(nameof(topic), topic.Kind, "unknown topic kind"),
    };

    /// <summary>
    /// The hub is the one segment that must not contain ':' (the name after the kind may: it is the rest of the
    /// channel), so ':' and '%' in a hub are percent-encoded and two hubs never share a channel.
    /// </summary>
    private static string Escape(string hub)
    {
        if (hub.AsSpan().IndexOfAny(':', '%') < 0) return hub;
        var sb = new StringBuilder(hub.Length + 8);
        foreach (var ch in hub)
        {
            sb.Append(ch switch { ':' => "%3A", '%' => "%25", _ => ch.ToString() });
        }
        return sb.ToString();
    }
}
