using AgentPlatform.Relay.Core;
using AgentPlatform.Relay.Routing;
using AgentPlatform.Server.AspV1.Invocations;

namespace AgentPlatform.Relay.Agenkit;

/// <summary>What every agenkit connection shares.</summary>
public sealed record AgenkitServices(
    AgenkitOptions Options, RelayCore Core, AgenkitDialect Dialect, IInvocationRouter Router, IInvocationObserver Observer,
    AgentDirectory Directory, AgenkitAgents Agents, AgenkitForwarder Forwarder, TimeProvider Time, ILogger Logger)
{
    /// <summary>The limits of each connection's invocation tables.</summary>
    public InvocationLimits Limits { get; } = new() { MaxConcurrent = Options.MaxInFlight, MaxDuration = Options.RequestTimeout };
}
