namespace AgentPlatform.Protocol.AspV1;

/// <summary>ERROR (0x07): <c>{id?, code, message, retryable, retryAfterMs?}</c>.</summary>
/// <param name="Code">Key <c>code</c>: one of <see cref="AspErrorCodes"/>.</param>
/// <param name="Message">Key <c>message</c>: for humans; never contains secrets or payloads.</param>
/// <param name="Retryable">Key <c>retryable</c>: whether the same request may succeed if sent again.</param>
public sealed record ErrorFrame(string Code, string Message, bool Retryable) : AspFrame
{
    /// <inheritdoc/>
    public override AspOpcode Opcode => AspOpcode.Error;

    /// <summary>Key <c>id</c>: the invocation the error ends; absent for a connection-level error.</summary>
    public string? Id { get; init; }

    /// <summary>Key <c>retryAfterMs</c>: with RATE_LIMITED and TOO_MANY_INVOCATIONS, the suggested wait.</summary>
    public uint? RetryAfterMs { get; init; }

    /// <summary>An ERROR with the specification's default <c>retryable</c> for <paramref name="code"/>.</summary>
    public static ErrorFrame For(string code, string message, string? id = null) =>
        new(code, message, AspErrorCodes.IsRetryable(code)) { Id = id };
}
