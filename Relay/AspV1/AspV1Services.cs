using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Relay.AspV1.Invocations;
using AgentPlatform.Relay.Auth;
using AgentPlatform.Relay.Core;
using AgentPlatform.Relay.Diagnostics;
using AgentPlatform.Relay.Routing;

namespace AgentPlatform.Relay.AspV1;

/// <summary>What every asp-v1 session needs, resolved once.</summary>
public sealed class AspV1Services(
    RelayCore core, RelayOptions options, AgentDirectory directory, InvocationCoordinator invocations,
    AgentSocketAuthenticator authenticator, RelayTelemetry telemetry, TimeProvider time)
{
    public RelayCore Core { get; } = core;

    public RelayOptions Options { get; } = options;

    public AgentDirectory Directory { get; } = directory;

    public InvocationCoordinator Invocations { get; } = invocations;

    public AgentSocketAuthenticator Authenticator { get; } = authenticator;

    public RelayTelemetry Telemetry { get; } = telemetry;

    public TimeProvider Time { get; } = time;

    public AspV1Options ParseOptions { get; } = new() { MaxFrameSize = options.Limits.MaxFrameBytes };
}
