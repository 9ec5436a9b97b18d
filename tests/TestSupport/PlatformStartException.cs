namespace AgentPlatform.TestSupport;

/// <summary>AppHost exited before the composition was healthy; carries its exit code and everything it printed.</summary>
public sealed class PlatformStartException : Exception
{
    public PlatformStartException(int exitCode, string output)
        : base($"AppHost exited with code {exitCode} before every service was healthy. Output:\n{output}")
    {
        ExitCode = exitCode;
        Output = output;
    }

    public PlatformStartException()
    {
    }

    public PlatformStartException(string message)
        : base(message)
    {
    }

    public PlatformStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int ExitCode { get; }

    public string Output { get; } = string.Empty;
}
