namespace AgentPlatform.Functions.Replies;

/// <summary>Identifies one pending REQUEST: the client connection, its invocation id and the request id.</summary>
public readonly record struct ReplyKey(string Cid, string Id, string Rid);
