using AgentPlatform.Relay.Auth;
using AgentPlatform.Relay.Core;
using AgentPlatform.Relay.Limits;
using AgentPlatform.Relay.Routing;
using AgentPlatform.Server.AspV1.Invocations;
using AgentPlatform.Server.Limits;

namespace AgentPlatform.Relay.Agenkit;

/// <summary>What every agenkit connection shares.</summary>
public sealed record AgenkitServices(
    AgenkitOptions Options, RelayCore Core, AgenkitDialect Dialect, IInvocationRouter Router, IInvocationObserver Observer,
    AgentDirectory Directory, AgenkitAgents Agents, AgenkitForwarder Forwarder, TimeProvider Time, ILogger Logger)
{
    /// <summary>The limits of each connection's invocation tables.</summary>
    public InvocationLimits Limits { get; } = new() { MaxConcurrent = Options.MaxInFlight, MaxDuration = Options.RequestTimeout };

    /// <summary>Relay/Limits: the process-wide and per-client admission the listener shares with the HTTP dialects (null: none).</summary>
    public ConnectionAdmission? Admission { get; init; }

    /// <summary>Relay/Limits: the first frame (and a TLS handshake) must arrive within this (Relay:Limits:HandshakeTimeout).</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Relay/Limits: the per-connection message rate (Relay:Limits:FramesPerSecond / FrameBurst / MaxRateLimitViolations); null: none.</summary>
    public ConnectionLimits? MessageLimits { get; init; }

    /// <summary>Checks the tokens connections present (null: every presented token is refused).</summary>
    public AgentSocketAuthenticator? Authenticator { get; init; }
}
