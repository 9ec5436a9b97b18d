namespace AgentPlatform.AgentChat.Daemon;

/// <summary>One complete line of the outbox and the byte position just after it (what to ack once it is sent).</summary>
public sealed record OutboxLine(string Text, long End);
