using System.Net.WebSockets;
using AgentPlatform.Protocol.Acp;
using AgentPlatform.Relay.Acp.Agents;

namespace AgentPlatform.Client.Tests.Acp;

/// <summary>The test bridge's client end: JSON-RPC messages as WebSocket text frames, sends serialized.</summary>
public sealed class WebSocketAcpPeer(WebSocket socket) : IAcpClientPeer, IDisposable
{
    private readonly SemaphoreSlim _send = new(1, 1);

    public string ConnectionId { get; } = Guid.NewGuid().ToString();

    public string? UserId => null;

    public async ValueTask<bool> SendAsync(JsonRpcMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            await _send.WaitAsync(cancellationToken);
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        try
        {
            if (socket.State != WebSocketState.Open) return false;
            await socket.SendAsync(message.ToUtf8(), WebSocketMessageType.Text, true, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            _send.Release();
        }
    }

    public void Fail(string reason) => socket.Abort();

    public void Dispose() => _send.Dispose();
}
