using System.Buffers;
using System.Net.WebSockets;
using AgentPlatform.Protocol.AspV1;

namespace AgentPlatform.Client.Sessions;

/// <summary>
/// One WebSocket carrying asp-v1 frames: whole binary messages in, serialized sends out. A text message or one over
/// the size limit is an <see cref="AspProtocolException"/>; a closed socket yields null.
/// </summary>
public sealed class FrameSocket(WebSocket socket, int maxFrameSize) : IDisposable
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ArrayBufferWriter<byte> _receive = new(4096);

    public WebSocket Socket => socket;

    public bool IsOpen => socket.State == WebSocketState.Open;

    public async ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>The next whole message (valid until the next call), or null when the peer closed.</summary>
    public async ValueTask<ReadOnlyMemory<byte>?> ReceiveAsync(CancellationToken cancellationToken)
    {
        _receive.ResetWrittenCount();
        while (true)
        {
            var memory = _receive.GetMemory(4096);
            var result = await socket.ReceiveAsync(memory, cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            if (result.MessageType == WebSocketMessageType.Text)
            {
                throw new AspProtocolException(AspErrorCodes.BadFrame, "text messages are not asp-v1 frames");
            }
            _receive.Advance(result.Count);
            if (_receive.WrittenCount > maxFrameSize)
            {
                throw new AspProtocolException(AspErrorCodes.FrameTooLarge, "message over maxFrame " + maxFrameSize);
            }
            if (result.EndOfMessage) return _receive.WrittenMemory;
        }
    }

    /// <summary>Closes politely when possible; never throws.</summary>
    public async Task CloseAsync(int code, string reason)
    {
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer is already gone; there is nobody left to tell.
        }
    }

    public void Dispose()
    {
        socket.Dispose();
        _sendLock.Dispose();
    }
}
