namespace AgentPlatform.Server.AgentChat;

/// <summary>One channel: members in join order, who is invited (agent ids), and the last messages a joiner gets replayed.</summary>
internal sealed class ChatChannel(string name, bool inviteOnly)
{
    public string Name { get; } = name;

    public bool InviteOnly { get; } = inviteOnly;

    public HashSet<string> Invited { get; } = new(StringComparer.Ordinal);

    public List<AgentChatConnection> Members { get; } = [];

    public Queue<StoredMessage> Recent { get; } = new();
}
