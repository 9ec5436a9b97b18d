namespace AgentPlatform.Server.AspV1.Invocations;

/// <summary>What one connection (or provider link) may have in flight, and how long an invocation may run.</summary>
public sealed record InvocationLimits
{
    /// <summary>Invocations in flight at once; one more gets ERROR TOO_MANY_INVOCATIONS.</summary>
    public int MaxConcurrent { get; init; } = 64;

    /// <summary>The longest an invocation may run whatever its <c>timeoutMs</c> asks; null = only <c>timeoutMs</c> bounds it.</summary>
    public TimeSpan? MaxDuration { get; init; }
}
