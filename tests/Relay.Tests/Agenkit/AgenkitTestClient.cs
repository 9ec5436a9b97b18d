using System.Buffers;
using System.Buffers.Binary;
using System.Net.Security;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Agenkit;
using AgentPlatform.Relay.Agenkit;

namespace AgentPlatform.Relay.Tests.Agenkit;

/// <summary>A raw agenkit peer over a real socket: sends exact bytes or envelopes, reads frames with a bounded wait.</summary>
public sealed class AgenkitTestClient : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly byte[] _header = new byte[4];

    private AgenkitTestClient(Socket socket, Stream stream)
    {
        _socket = socket;
        _stream = stream;
    }

    /// <summary>The codec frames are encoded and decoded with (after a negotiation).</summary>
    public AgenkitCodec Codec { get; set; } = AgenkitCodec.Json;

    /// <summary>Connects; with <paramref name="tlsThumbprint"/>, over TLS to the server holding that certificate.</summary>
    public static async Task<AgenkitTestClient> ConnectAsync(string endpoint, string? tlsThumbprint = null)
    {
        var target = AgenkitEndpoint.TryParse(endpoint) ?? throw new ArgumentException("bad endpoint " + endpoint);
        var socket = target.CreateSocket();
        using var timeout = new CancellationTokenSource(Wait);
        await socket.ConnectAsync(target.Address, timeout.Token);
        Stream stream = new NetworkStream(socket, ownsSocket: false);
        if (tlsThumbprint is not null)
        {
            // The test's self-signed certificate: trusted by being exactly the one the test made.
            var ssl = new SslStream(stream, false, (_, certificate, _, _) => certificate?.GetCertHashString() == tlsThumbprint);
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, timeout.Token);
            stream = ssl;
        }
        return new AgenkitTestClient(socket, stream);
    }

    public async Task SendRawAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    public Task SendAsync(AgenkitEnvelope envelope) => SendRawAsync(AgenkitFraming.ToFrame(envelope, Codec));

    /// <summary>Sends a frame whose body is exactly <paramref name="body"/>.</summary>
    public Task SendBodyAsync(byte[] body)
    {
        var frame = new byte[4 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)body.Length);
        body.CopyTo(frame, 4);
        return SendRawAsync(frame);
    }

    public Task SendRequestAsync(string id, string method, string agent, string content, JsonObject? metadata = null) =>
        SendAsync(AgenkitEnvelope.ForRequest(id, method, agent, new AgenkitMessage("user", JsonValue.Create(content), metadata ?? [], AgenkitProtocol.FormatTimestamp(DateTimeOffset.UtcNow))));

    /// <summary>The next frame, decoded (failing the test when it does not decode); null at end of stream.</summary>
    public async Task<AgenkitEnvelope?> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(Wait);
        if (!await FillAsync(_header, timeout.Token)) return null;
        var length = BinaryPrimitives.ReadUInt32BigEndian(_header);
        var body = new byte[length];
        if (!await FillAsync(body, timeout.Token)) throw new IOException("end of stream inside a frame");
        var decoded = AgenkitEnvelopeCodec.Decode(new ReadOnlySequence<byte>(body), Codec);
        Assert.True(decoded.Success, "the server sent an undecodable frame: " + decoded.Error?.Message);
        return decoded.Envelope;
    }

    public async Task<AgenkitEnvelope> ExpectAsync()
    {
        var envelope = await ReceiveAsync();
        Assert.NotNull(envelope);
        return envelope;
    }

    /// <summary>Frames until (and including) the one <paramref name="last"/> accepts.</summary>
    public async Task<List<AgenkitEnvelope>> ReceiveUntilAsync(Func<AgenkitEnvelope, bool> last)
    {
        var frames = new List<AgenkitEnvelope>();
        for (var i = 0; i < 10_000; i++)
        {
            var frame = await ExpectAsync();
            frames.Add(frame);
            if (last(frame)) return frames;
        }
        throw new InvalidOperationException("no final frame in 10,000");
    }

    /// <summary>True when the server closes the connection (end of stream) within the wait.</summary>
    public async Task<bool> ClosedAsync()
    {
        using var timeout = new CancellationTokenSource(Wait);
        var one = new byte[1];
        try
        {
            return await _stream.ReadAsync(one, timeout.Token) == 0;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _socket.Dispose();
    }

    private async Task<bool> FillAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await _stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0)
            {
                if (read == 0) return false;
                throw new IOException("end of stream inside a frame");
            }
            read += n;
        }
        return true;
    }
}
