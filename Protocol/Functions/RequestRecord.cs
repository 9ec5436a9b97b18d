using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Protocol.Functions;

/// <summary><c>t: "request"</c>: the agent asks the client (REQUEST); the answer arrives as a reply POST.</summary>
public sealed record RequestRecord(string Rid, string RequestKind, MsgPackValue Data) : FunctionRecord
{
    public override string Kind => "request";
}
