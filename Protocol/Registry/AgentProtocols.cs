namespace AgentPlatform.Protocol.Registry;

/// <summary>Protocol tokens an instance may register with (registry.md, field <c>protocol</c>).</summary>
public static class AgentProtocols
{
    public const string AspV1 = "asp-v1";
    public const string Acp = "acp";
    public const string AgentChat = "agentchat";
    public const string Agenkit = "agenkit";
    public const string WebPubSub = "webpubsub";
    public const string Http = "http";

    /// <summary>Every accepted token.</summary>
    public static IReadOnlyList<string> All { get; } = [AspV1, Acp, AgentChat, Agenkit, WebPubSub, Http];
}
