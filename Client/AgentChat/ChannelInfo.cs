namespace AgentPlatform.Client.AgentChat;

/// <summary>One row of CHANNELS: a channel and how many agents are in it.</summary>
public sealed record ChannelInfo(string Name, int Agents);
