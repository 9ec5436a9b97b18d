namespace AgentPlatform.Relay.Routing.Providers;

/// <summary>An invocation a client made that a provider serves: the client's id and the provider's id for it.</summary>
public sealed class ForwardedInvocation(string clientConnectionId, string clientInvocationId, string agent)
{
    public string ClientConnectionId { get; } = clientConnectionId;

    public string ClientInvocationId { get; } = clientInvocationId;

    public string Agent { get; } = agent;

    public string ProviderId { get; set; } = "";
}
