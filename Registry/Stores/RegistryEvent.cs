using AgentPlatform.Protocol.Registry;

namespace AgentPlatform.Registry.Stores;

/// <summary>One entry of the watch stream: its sequence number (the SSE id), its type and the instance state after it.</summary>
public sealed record RegistryEvent(long Sequence, string Type, AgentInstance Instance);
