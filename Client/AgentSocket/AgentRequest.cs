using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Client.AgentSocket;

/// <summary>A REQUEST the agent sent mid-invocation, as the <see cref="AgentSocketClientOptions.OnRequest"/> callback sees it.</summary>
public sealed record AgentRequest(string InvocationId, string Rid, string Kind, MsgPackValue Data);
