namespace AgentPlatform.Protocol.WebPubSub.Requests;

/// <summary>
/// <c>{"type":"invoke","invocationId":"1","target":"event","event":"e","dataType":"text","data":"hi"}</c>: a user event
/// whose handler answer comes back as <c>invokeResponse</c> with the same <c>invocationId</c> (JS SDK <c>invokeEvent</c>).
/// <see cref="Payload"/> is null when the frame carries no data.
/// </summary>
public sealed record InvokeEventRequest(string InvocationId, string Event, WebPubSubPayload? Payload) : WebPubSubRequest;
