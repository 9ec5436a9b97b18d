namespace AgentPlatform.AgentChat.Daemon;

/// <summary>What <c>daemon --status</c> and <c>--list</c> report about one instance.</summary>
public sealed record DaemonStatus(string Name, bool Running, int? Pid, string Dir, int InboxLines);
