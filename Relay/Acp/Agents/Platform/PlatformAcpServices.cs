using AgentPlatform.Server.AspV1.Invocations;

namespace AgentPlatform.Relay.Acp.Agents.Platform;

/// <summary>What every platform attachment shares: the sessions, the Relay's router and observer, the invocation limits.</summary>
internal sealed record PlatformAcpServices(
    PlatformAcpSessions Sessions, IInvocationRouter Router, IInvocationObserver Observer, InvocationLimits Limits, TimeProvider Time,
    ILogger Logger);
