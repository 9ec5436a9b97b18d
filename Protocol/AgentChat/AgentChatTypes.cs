namespace AgentPlatform.Protocol.AgentChat;

/// <summary>The <c>type</c> values of AgentChat frames (docs/protocol/agentchat.md): 0.7.0's set plus the challenge of later versions.</summary>
public static class AgentChatTypes
{
    public const string Identify = "IDENTIFY";
    public const string Join = "JOIN";
    public const string Leave = "LEAVE";
    public const string Msg = "MSG";
    public const string ListChannels = "LIST_CHANNELS";
    public const string ListAgents = "LIST_AGENTS";
    public const string CreateChannel = "CREATE_CHANNEL";
    public const string Invite = "INVITE";
    public const string Ping = "PING";
    public const string Proposal = "PROPOSAL";
    public const string Accept = "ACCEPT";
    public const string Reject = "REJECT";
    public const string Complete = "COMPLETE";
    public const string Dispute = "DISPUTE";
    public const string VerifyIdentity = "VERIFY_IDENTITY";

    public const string Welcome = "WELCOME";
    public const string Joined = "JOINED";
    public const string Left = "LEFT";
    public const string AgentJoined = "AGENT_JOINED";
    public const string AgentLeft = "AGENT_LEFT";
    public const string Channels = "CHANNELS";
    public const string Agents = "AGENTS";
    public const string Error = "ERROR";
    public const string Pong = "PONG";
    public const string Challenge = "CHALLENGE";
}
