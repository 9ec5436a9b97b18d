using AgentPlatform.Server.AgentChat;
using AgentPlatform.Server.Transport;

namespace AgentPlatform.Relay.AgentChat;

/// <summary>
/// What the core holds as an AgentChat connection's transport: closing it (the admin API, shutdown) closes the chat
/// socket; it never writes, since the dialect accepts no routed message.
/// </summary>
internal sealed class ChatConnectionTransport(AgentChatConnection connection) : IFrameTransport
{
    public ValueTask SendAsync(OutboundFrame frame, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask CloseAsync(int code, string reason, CancellationToken cancellationToken)
    {
        connection.Close(code, reason);
        return ValueTask.CompletedTask;
    }

    public void Abort() => connection.Close(1001, "aborted by the relay");
}
