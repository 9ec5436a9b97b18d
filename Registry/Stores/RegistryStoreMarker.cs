namespace AgentPlatform.Registry.Stores;

/// <summary>Log category of the registry's request handlers (minimal-API handlers are static and need a type).</summary>
public sealed class RegistryStoreMarker;
