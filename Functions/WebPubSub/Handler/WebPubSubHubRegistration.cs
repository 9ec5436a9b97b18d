namespace AgentPlatform.Functions.WebPubSub.Handler;

/// <summary>One hub name bound to its handler type (registered by AddWebPubSubHub).</summary>
public sealed record WebPubSubHubRegistration(string Hub, Type HubType);
