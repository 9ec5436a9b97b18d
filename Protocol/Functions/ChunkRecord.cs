using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Protocol.Functions;

/// <summary><c>t: "chunk"</c>: one piece of output, becomes STREAM.</summary>
public sealed record ChunkRecord(MsgPackValue Data) : FunctionRecord
{
    public override string Kind => "chunk";
}
