using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Client.AgentSocket;

/// <summary>
/// REQUEST from the agent. With <see cref="AgentSocketClientOptions.OnRequest"/> set, the client answers it
/// itself; otherwise answer with <see cref="AgentSocketClient.ReplyAsync"/>.
/// </summary>
public sealed record RequestEvent(string InvocationId, string Rid, string Kind, MsgPackValue Data) : InvocationEvent(InvocationId);
