using AgentPlatform.Protocol.Registry;

namespace AgentPlatform.Registry.Stores;

/// <summary>Outcome of a PUT: whether the instance is new, and its state afterwards.</summary>
public sealed record RegisterResult(bool Created, AgentInstance Instance);
