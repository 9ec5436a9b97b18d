namespace AgentPlatform.AgentChat.Bench;

/// <summary>A server the members join: how to reach it and how a member gets into the measured channel.</summary>
public sealed record ChannelPeer(string Name, Uri Url, bool SpeaksAgentChat)
{
    public const string Channel = "#bench";

    /// <summary>The frame the sender sends for message <paramref name="id"/> (an AgentChat MSG either way).</summary>
    public static string Frame(int id) => "{\"type\":\"MSG\",\"to\":\"" + Channel + "\",\"content\":\"s" + id.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"}";

    /// <summary>IDENTIFY, then CREATE_CHANNEL (the first member) or JOIN; nothing on the floor.</summary>
    public async Task EnterAsync(ChatMember member, int index)
    {
        ArgumentNullException.ThrowIfNull(member);
        if (!SpeaksAgentChat) return;
        await member.SendAsync("{\"type\":\"IDENTIFY\",\"name\":\"bench" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"}");
        await member.ReceiveUntilAsync("\"WELCOME\"");
        await member.SendAsync(index == 0
            ? "{\"type\":\"CREATE_CHANNEL\",\"channel\":\"" + Channel + "\"}"
            : "{\"type\":\"JOIN\",\"channel\":\"" + Channel + "\"}");
        await member.ReceiveUntilAsync("\"JOINED\"");
    }
}
