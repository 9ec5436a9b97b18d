using AgentPlatform.Server.AspV1.Connections;
using AgentPlatform.Server.AspV1.Invocations;

namespace AgentPlatform.Server.AspV1;

/// <summary>For hosts that record nothing of their own (an in-process endpoint, a provider link).</summary>
public sealed class SilentObserver : IAspV1Observer
{
    public static SilentObserver Instance { get; } = new();

    public void ConnectionOpened(IAspV1Connection connection)
    {
    }

    public void ConnectionClosed(IAspV1Connection connection)
    {
    }

    public void FrameReceived(IAspV1Connection connection, int bytes)
    {
    }

    public void Rejected(string reason)
    {
    }

    public void UnknownAgent(string agent)
    {
    }

    public void InvocationStarted(Invocation invocation)
    {
    }

    public void InvocationEnded(Invocation invocation, string status, string? errorCode)
    {
    }
}
