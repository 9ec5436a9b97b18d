namespace AgentPlatform.Functions.Agents.Llm;

/// <summary>The chat-completions endpoint failed; <see cref="Retryable"/> tells the client whether to try again.</summary>
public sealed class LlmException : Exception
{
    public LlmException() { }

    public LlmException(string message) : base(message) { }

    public LlmException(string message, Exception innerException) : base(message, innerException) { }

    public LlmException(string message, bool retryable) : base(message) => Retryable = retryable;

    public bool Retryable { get; }
}
