using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Server.AspV1.Invocations;

namespace AgentPlatform.Server.AspV1.Connections;

/// <summary>An invocation's frames into a session's outbox (numbered, replayed after a resume).</summary>
public sealed class SessionOutput(IAspV1Connection connection) : IFrameOutput
{
    public ValueTask<bool> SendAsync(AspFrame frame) => AspFrameSender.SendAsync(connection, frame, connection.Closed);
}
