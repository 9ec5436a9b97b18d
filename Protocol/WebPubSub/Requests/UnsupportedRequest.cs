namespace AgentPlatform.Protocol.WebPubSub.Requests;

/// <summary>
/// A well-formed frame of a type this service does not implement (<c>invoke</c>, streaming, …). Kept apart from
/// parse errors because newer clients send these and the connection should survive them.
/// </summary>
public sealed record UnsupportedRequest(string Type, string? InvocationId) : WebPubSubRequest;
