namespace AgentPlatform.Client.AgentChat;

/// <summary>Targets as the reference CLI accepts them: an agent with or without its <c>@</c>, a channel with or without its <c>#</c>.</summary>
public static class AgentIds
{
    /// <summary>An agent target with its <c>@</c>, whether or not the caller wrote it.</summary>
    public static string Normalize(string agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return agent.StartsWith('@') ? agent : "@" + agent;
    }

    /// <summary>A channel with its <c>#</c>, whether or not the caller wrote it.</summary>
    public static string Channel(string channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return channel.StartsWith('#') ? channel : "#" + channel;
    }
}
