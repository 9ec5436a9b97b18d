namespace AgentPlatform.Protocol.WebPubSub.Requests;

/// <summary><c>{"type":"joinGroup","group":"g","ackId":1}</c>; needs a joinLeaveGroup role.</summary>
public sealed record JoinGroupRequest(string Group) : WebPubSubRequest;
