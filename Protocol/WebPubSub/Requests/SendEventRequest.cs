namespace AgentPlatform.Protocol.WebPubSub.Requests;

/// <summary><c>{"type":"event","event":"chat","ackId":4,"dataType":"text","data":"hi"}</c>: a user event for the upstream handler.</summary>
public sealed record SendEventRequest(string Event, WebPubSubPayload Payload) : WebPubSubRequest;
