namespace AgentPlatform.Protocol.WebPubSub.Messages;

/// <summary>A frame the service sends to a subprotocol client.</summary>
public abstract record WebPubSubMessage;
