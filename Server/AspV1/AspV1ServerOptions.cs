using AgentPlatform.Server.AspV1.Connections;
using AgentPlatform.Server.Limits;

namespace AgentPlatform.Server.AspV1;

/// <summary>How one host runs the asp-v1 engine: its limits, its acknowledgement cadence and how it checks tokens.</summary>
public sealed record AspV1ServerOptions
{
    public ConnectionLimits Limits { get; init; } = new();

    /// <summary>Reliable sessions: acknowledge processed frames at least this often (the spec's 100 ms rule).</summary>
    public TimeSpan AckInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest any invocation may run, whatever its <c>timeoutMs</c>; null = only <c>timeoutMs</c> bounds it.</summary>
    public TimeSpan? MaxInvocationDuration { get; init; }

    /// <summary>Checks a HELLO token; null when the endpoint is open. A HELLO token is checked even after an authenticated upgrade.</summary>
    public Func<string, bool>? TokenValidator { get; init; }

    /// <summary>
    /// Turns a HELLO token into an identity (null = not valid); when set it is used instead of
    /// <see cref="TokenValidator"/>, and the identity it returns replaces the upgrade's.
    /// </summary>
    public Func<string, AspV1Admission?>? TokenAdmission { get; init; }

    /// <summary>How long a new socket may take to send HELLO; by default the idle timeout, at most 10 s.</summary>
    public TimeSpan HelloTimeout
    {
        get => _helloTimeout ?? (Limits.IdleTimeout < TimeSpan.FromSeconds(10) ? Limits.IdleTimeout : TimeSpan.FromSeconds(10));
        init => _helloTimeout = value;
    }

    private readonly TimeSpan? _helloTimeout;
}
