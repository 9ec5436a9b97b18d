using AgentPlatform.Relay.Routing.Providers;

namespace AgentPlatform.Relay.Routing;

/// <summary>Where an invocation of an agent goes.</summary>
/// <param name="Mode">relay (HTTP to Functions) or direct (a provider connection on some Relay replica).</param>
/// <param name="FunctionsBaseUrl">For relay mode: the base URL the Relay posts <c>/invoke/{agent}</c> to.</param>
/// <param name="Provider">For direct mode: the provider connection that serves the agent.</param>
public sealed record AgentRoute(string Mode, Uri? FunctionsBaseUrl, ProviderPresence? Provider);
