using AgentPlatform.Protocol.WebPubSub;
using AgentPlatform.Protocol.WebPubSub.CloudEvents;

namespace AgentPlatform.Functions.WebPubSub.Handler;

/// <summary>The blocking connect event: its ce-* attributes and body (claims, query, headers, subprotocols).</summary>
public sealed record ConnectEvent(WebPubSubEventContext Context, ConnectEventRequest Request);

/// <summary>The connected notification.</summary>
public sealed record ConnectedEvent(WebPubSubEventContext Context);

/// <summary>A user event with its data, typed by the request's Content-Type.</summary>
public sealed record UserEvent(WebPubSubEventContext Context, WebPubSubPayload Data);

/// <summary>The disconnected notification.</summary>
public sealed record DisconnectedEvent(WebPubSubEventContext Context, string? Reason);
