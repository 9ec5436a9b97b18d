using AgentPlatform.Protocol.AspV1;

namespace AgentPlatform.Server.AspV1.Invocations;

/// <summary>Where an invocation's frames go: a server session's outbox, or the socket of a provider link.</summary>
public interface IFrameOutput
{
    /// <summary>Sends (or queues) <paramref name="frame"/>; false when the peer is gone for good.</summary>
    ValueTask<bool> SendAsync(AspFrame frame);
}
