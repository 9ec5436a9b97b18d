namespace AgentPlatform.Protocol.Functions;

/// <summary><c>t: "error"</c>: ends the invocation with ERROR.</summary>
public sealed record ErrorRecord(string Code, string Message, bool Retryable) : FunctionRecord
{
    public override string Kind => "error";
}
