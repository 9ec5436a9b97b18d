using AgentPlatform.Server.AspV1.Invocations;

namespace AgentPlatform.Relay.AgentChat;

/// <summary>What every AgentChat conversation with a platform agent shares: the Relay's router, observer, limits and clock.</summary>
internal sealed record PlatformChatServices(IInvocationRouter Router, IInvocationObserver Observer, InvocationLimits Limits, TimeProvider Time);
