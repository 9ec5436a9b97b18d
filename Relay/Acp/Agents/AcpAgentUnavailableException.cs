namespace AgentPlatform.Relay.Acp.Agents;

/// <summary>The agent could not be started or initialized; the client gets -32603 "Initialize failed" with this message.</summary>
public sealed class AcpAgentUnavailableException : Exception
{
    public AcpAgentUnavailableException()
    {
    }

    public AcpAgentUnavailableException(string message) : base(message)
    {
    }

    public AcpAgentUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
