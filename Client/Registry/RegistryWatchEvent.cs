using AgentPlatform.Protocol.Registry;

namespace AgentPlatform.Client.Registry;

/// <summary>
/// One event of the watch stream. <see cref="Type"/> is a <see cref="WatchEventTypes"/> value; a snapshot carries
/// <see cref="Snapshot"/> (replace the whole view), every other event an <see cref="Instance"/> (upsert, or delete for removed).
/// </summary>
public sealed record RegistryWatchEvent(string Type, long Cursor, AgentInstance? Instance, WatchSnapshot? Snapshot);
