namespace AgentPlatform.Protocol.WebPubSub.Requests;

/// <summary><c>{"type":"ping"}</c>: keepalive from the client; the service answers <c>{"type":"pong"}</c>.</summary>
public sealed record PingRequest : WebPubSubRequest;
