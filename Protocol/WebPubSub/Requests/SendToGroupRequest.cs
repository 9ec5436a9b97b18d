namespace AgentPlatform.Protocol.WebPubSub.Requests;

/// <summary>
/// <c>{"type":"sendToGroup","group":"g","ackId":3,"noEcho":false,"dataType":"json","data":…}</c>; needs a
/// sendToGroup role. With <see cref="NoEcho"/> the sender does not receive its own message.
/// </summary>
public sealed record SendToGroupRequest(string Group, WebPubSubPayload Payload, bool NoEcho) : WebPubSubRequest;
