using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Protocol.Functions;

/// <summary><c>t: "result"</c>: ends the invocation with COMPLETE.</summary>
public sealed record ResultRecord(MsgPackValue? Result, double? CpuMs) : FunctionRecord
{
    public override string Kind => "result";
}
