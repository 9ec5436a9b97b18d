using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.Registry;
using AgentPlatform.Relay.Core;
using AgentPlatform.Relay.Core.Backplane;
using AgentPlatform.Relay.Routing.Providers;
using AgentPlatform.Relay.Upstream.Functions;
using AgentPlatform.Server.AspV1.Invocations;

namespace AgentPlatform.Relay.Routing;

/// <summary>
/// Where the Relay runs an INVOKE: at a provider (direct mode, on any replica) when one serves the agent, else in a
/// healthy relay-mode function from the Registry view; with a configured Functions URL, a registered agent whose
/// instances all look unhealthy still goes there.
/// </summary>
public sealed class InvocationRouter(
    AgentDirectory directory, FunctionsClient functions, RelayOptions options, RelayCore core, ForwardedInvocations forwarded,
    IRelayBackplane backplane, ProviderDirectoryOptions providerOptions) : IInvocationRouter
{
    public IInvocationTarget? Route(InvokeFrame invoke, InvocationCaller caller)
    {
        ArgumentNullException.ThrowIfNull(invoke);
        var route = directory.Resolve(invoke.Agent);
        if (route is null && options.FunctionsUrl is { } fallback && directory.Instances(invoke.Agent) is { Count: > 0 } instances
            && !instances.Any(i => i.Mode == AgentModes.Direct))
        {
            route = new AgentRoute(AgentModes.Relay, fallback, null);
        }
        return route switch
        {
            { Provider: { } provider } => new ProviderTarget(provider, core, forwarded)
            {
                RouteCheck = provider.IsLocal ? null : new ProviderRouteCheck(backplane, providerOptions.RouteCheckInterval),
            },
            { FunctionsBaseUrl: { } functionsBase } => new FunctionTarget(functionsBase, functions, options),
            _ => null,
        };
    }
}
