using AgentPlatform.Server.AspV1.Connections;
using AgentPlatform.Server.AspV1.Invocations;

namespace AgentPlatform.Server.AspV1;

/// <summary>What a host learns of its asp-v1 connections and invocations, for its metrics, traces and admin views.</summary>
public interface IAspV1Observer : IInvocationObserver
{
    void ConnectionOpened(IAspV1Connection connection);

    void ConnectionClosed(IAspV1Connection connection);

    /// <summary>A frame of <paramref name="bytes"/> arrived on an open session.</summary>
    void FrameReceived(IAspV1Connection connection, int bytes);

    /// <summary>A frame or upgrade was refused: <c>unauthorized</c>, <c>malformed</c>, <c>rate_limited</c>, <c>frame_too_large</c>.</summary>
    void Rejected(string reason);
}
