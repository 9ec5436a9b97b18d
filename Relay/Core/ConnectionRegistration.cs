namespace AgentPlatform.Relay.Core;

/// <summary>What a dialect knows about a connection when it accepts it.</summary>
public sealed record ConnectionRegistration
{
    /// <summary>The hub (Web PubSub hub; "asp-v1" for the agent socket).</summary>
    public required string Hub { get; init; }

    public required IRelayDialect Dialect { get; init; }

    /// <summary>The authenticated user, when there is one.</summary>
    public string? UserId { get; init; }

    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>True for reliable sessions: tracked frames are numbered, buffered and replayed on resume.</summary>
    public bool Reliable { get; init; }

    /// <summary>An explicit connection id; a new random one when null.</summary>
    public string? ConnectionId { get; init; }

    /// <summary>The session the connection belongs to; defaults to the connection id.</summary>
    public string? SessionId { get; init; }
}
