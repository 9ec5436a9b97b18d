using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Relay.Upstream.Functions;

/// <summary>How a relay-mode invocation ended, as the client will be told (COMPLETE or ERROR).</summary>
public sealed record FunctionOutcome
{
    public bool Completed { get; init; }

    /// <summary>For failures: the asp-v1 error code (UNKNOWN_AGENT, FUNCTION_UNAVAILABLE, TIMEOUT, ...).</summary>
    public string? Code { get; init; }

    public string? Message { get; init; }

    public bool Retryable { get; init; }

    /// <summary>The <c>result</c> value of a completed invocation, byte for byte (null when none).</summary>
    public MsgPackValue? Result { get; init; }

    public double? CpuMs { get; init; }

    public static FunctionOutcome Fail(string code, string message, bool retryable) =>
        new() { Completed = false, Code = code, Message = message, Retryable = retryable };
}
