namespace AgentPlatform.Relay.Limits;

/// <summary>Why admission refused a connection or request; <see cref="None"/> when it was admitted.</summary>
public enum AdmissionRefusal
{
    None,

    /// <summary>The process-wide ceiling (<c>Relay:Limits:MaxConnections</c>): 503.</summary>
    ServerFull,

    /// <summary>One remote address holds <c>Relay:Limits:MaxConnectionsPerClient</c>: 429.</summary>
    ClientConnections,

    /// <summary>One user id holds <c>Relay:Limits:MaxConnectionsPerUser</c>: 429.</summary>
    UserConnections,

    /// <summary>One remote address sent requests faster than its bucket refills: 429.</summary>
    ClientRate,
}
