namespace AgentPlatform.Dashboard.Sse;

/// <summary>The only error the SSE parser raises: the stream broke a limit this reader enforces.</summary>
public sealed class SseFormatException : Exception
{
    public SseFormatException()
    {
    }

    public SseFormatException(string message) : base(message)
    {
    }

    public SseFormatException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
