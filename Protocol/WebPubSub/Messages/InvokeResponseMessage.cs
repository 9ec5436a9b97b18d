namespace AgentPlatform.Protocol.WebPubSub.Messages;

/// <summary>
/// <c>{"type":"invokeResponse","invocationId":"1","success":true,"dataType":…,"data":…}</c>, or with
/// <c>"success":false,"error":{"name":…,"message":…}</c>: the answer to an <c>invoke</c> frame.
/// </summary>
public sealed record InvokeResponseMessage(string InvocationId, bool Success, WebPubSubPayload? Payload = null,
    string? ErrorName = null, string? ErrorMessage = null) : WebPubSubMessage;
