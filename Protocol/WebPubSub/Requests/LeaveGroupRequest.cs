namespace AgentPlatform.Protocol.WebPubSub.Requests;

/// <summary><c>{"type":"leaveGroup","group":"g","ackId":2}</c>; needs a joinLeaveGroup role.</summary>
public sealed record LeaveGroupRequest(string Group) : WebPubSubRequest;
