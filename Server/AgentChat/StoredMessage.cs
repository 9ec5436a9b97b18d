namespace AgentPlatform.Server.AgentChat;

/// <summary>A channel MSG kept for replay, re-encoded with <c>replay: true</c> when a joiner receives it.</summary>
internal sealed record StoredMessage(string From, string To, string Content, long Ts, string? Sig);
