using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using AgentPlatform.Client.Agenkit;
using AgentPlatform.Protocol.Agenkit;

namespace AgentPlatform.Client.Tests.Agenkit;

/// <summary>A bare socket for exact-bytes tests: sends whatever it is given and reads frames back without any client logic.</summary>
public sealed class RawAgenkitSocket : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    private RawAgenkitSocket(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public static async Task<RawAgenkitSocket> ConnectAsync(AgenkitEndpoint endpoint)
    {
        var socket = endpoint.IsUnix
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        EndPoint address = endpoint.IsUnix ? new UnixDomainSocketEndPoint(endpoint.Path!) : new IPEndPoint(IPAddress.Parse(endpoint.Host!), endpoint.Port);
        await socket.ConnectAsync(address);
        return new RawAgenkitSocket(socket);
    }

    public Socket Socket => _socket;

    public async Task SendAsync(ReadOnlyMemory<byte> bytes) => await _stream.WriteAsync(bytes);

    public Task SendAsync(AgenkitEnvelope envelope, AgenkitCodec codec = AgenkitCodec.Json) => SendAsync(AgenkitFraming.ToFrame(envelope, codec));

    /// <summary>A frame whose body is <paramref name="body"/> as given.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> body)
    {
        var output = new ArrayBufferWriter<byte>();
        AgenkitFraming.WriteFrame(output, body);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>The next frame's body, or null when the peer closed; throws on timeout.</summary>
    public async Task<byte[]?> ReadBodyAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var header = new byte[4];
        if (!await ReadExactlyAsync(header, cts.Token)) return null;
        var length = BinaryPrimitives.ReadUInt32BigEndian(header);
        var body = new byte[length];
        if (!await ReadExactlyAsync(body, cts.Token)) throw new IOException("closed inside a frame body");
        return body;
    }

    public async Task<AgenkitEnvelope?> ReadAsync(TimeSpan? timeout = null, AgenkitCodec codec = AgenkitCodec.Json)
    {
        var body = await ReadBodyAsync(timeout);
        if (body is null) return null;
        var decoded = AgenkitEnvelopeCodec.Decode(body, codec);
        return decoded.Envelope ?? throw new InvalidDataException("undecodable frame from the peer: " + decoded.Error);
    }

    /// <summary>True when the peer closes the connection within <paramref name="timeout"/> (reading and dropping whatever comes first).</summary>
    public async Task<bool> ClosedWithinAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                if (await _stream.ReadAsync(buffer, cts.Token) == 0) return true;
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private async Task<bool> ReadExactlyAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            int n;
            try
            {
                n = await _stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
            }
            catch (IOException)
            {
                n = 0;
            }
            if (n == 0)
            {
                if (read == 0) return false;
                throw new IOException("closed after " + read + " of " + buffer.Length + " bytes");
            }
            read += n;
        }
        return true;
    }

    public async ValueTask DisposeAsync() => await _stream.DisposeAsync();
}
