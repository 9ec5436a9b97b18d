namespace AgentPlatform.Dashboard.Live;

/// <summary>One event for the browsers, serialized once as SSE bytes and shared by every subscriber.</summary>
public sealed record LiveMessage(string Type, ReadOnlyMemory<byte> Bytes);
