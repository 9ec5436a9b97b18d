namespace AgentPlatform.Registry.Stores;

/// <summary>
/// Events after a cursor. <see cref="Complete"/> is false when the store no longer holds all of them, and the
/// watcher must get a snapshot instead.
/// </summary>
public sealed record EventRange(bool Complete, IReadOnlyList<RegistryEvent> Events);
