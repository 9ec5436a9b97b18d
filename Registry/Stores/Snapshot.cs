using AgentPlatform.Protocol.Registry;

namespace AgentPlatform.Registry.Stores;

/// <summary>Every instance, with the sequence number of the last event the view includes.</summary>
public sealed record Snapshot(long Cursor, IReadOnlyList<AgentInstance> Instances);
