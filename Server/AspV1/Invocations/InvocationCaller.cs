namespace AgentPlatform.Server.AspV1.Invocations;

/// <summary>Who an invocation runs for: the caller's connection, its session (the context key) and its user.</summary>
public sealed record InvocationCaller(string ConnectionId, string SessionId, string? UserId);
