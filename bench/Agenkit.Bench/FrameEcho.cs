using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using AgentPlatform.Client.Agenkit;

namespace AgentPlatform.Agenkit.Bench;

/// <summary>
/// The floor: a bare socket server that reads one length-prefixed frame and writes the same bytes back, with no
/// JSON and no agent. What remains above it on a path is the protocol adapter's own cost.
/// </summary>
public sealed class FrameEcho : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accept;

    public FrameEcho(AgenkitEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint.IsUnix)
        {
            _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            _listener.Bind(new UnixDomainSocketEndPoint(endpoint.Path!));
        }
        else
        {
            _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            _listener.Bind(new IPEndPoint(IPAddress.Parse(endpoint.Host!), endpoint.Port));
        }
        _listener.Listen(64);
        Endpoint = endpoint;
        _accept = AcceptAsync();
    }

    public AgenkitEndpoint Endpoint { get; }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            if (!Endpoint.IsUnix) socket.NoDelay = true;
            _ = EchoAsync(socket);
        }
    }

    private static async Task EchoAsync(Socket socket)
    {
        using var _ = socket;
        await using var stream = new NetworkStream(socket);
        var buffer = new byte[1 << 20];
        try
        {
            while (true)
            {
                await stream.ReadExactlyAsync(buffer.AsMemory(0, 4));
                var length = (int)BinaryPrimitives.ReadUInt32BigEndian(buffer);
                await stream.ReadExactlyAsync(buffer.AsMemory(4, length));
                await stream.WriteAsync(buffer.AsMemory(0, 4 + length));
            }
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException or SocketException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accept;
        _stop.Dispose();
    }
}
