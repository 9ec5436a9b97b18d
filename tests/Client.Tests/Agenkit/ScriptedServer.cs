using System.Net;
using System.Net.Sockets;
using AgentPlatform.Client.Agenkit;
using AgentPlatform.Protocol.Agenkit;

namespace AgentPlatform.Client.Tests.Agenkit;

/// <summary>
/// A TCP peer whose every connection runs a script of the test's choosing (close at once, answer late, answer
/// with an error…), to drive RemoteAgent through failures a well-behaved server never produces.
/// </summary>
public sealed class ScriptedServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<ScriptedConnection, Task> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Task _accept;
    private int _accepted;

    public ScriptedServer(Func<ScriptedConnection, Task> script)
    {
        _script = script;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Endpoint = AgenkitEndpoint.Tcp("127.0.0.1", ((IPEndPoint)_listener.LocalEndpoint).Port);
        _accept = AcceptAsync();
    }

    public AgenkitEndpoint Endpoint { get; }

    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Requests read by all connections, in arrival order.</summary>
    public List<AgenkitEnvelope> Requests { get; } = [];

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            var index = Interlocked.Increment(ref _accepted) - 1;
            lock (_connections) _connections.Add(RunAsync(new ScriptedConnection(client, index, this)));
        }
    }

    private async Task RunAsync(ScriptedConnection connection)
    {
        try
        {
            await _script(connection);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
        }
        finally
        {
            connection.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accept;
        Task[] all;
        lock (_connections) all = [.. _connections];
        await Task.WhenAll(all).WaitAsync(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }

    /// <summary>One accepted connection: read requests, write answers, close.</summary>
    public sealed class ScriptedConnection(TcpClient client, int index, ScriptedServer server) : IDisposable
    {
        private readonly NetworkStream _stream = client.GetStream();

        /// <summary>0 for the first connection the server accepted.</summary>
        public int Index => index;

        public CancellationToken Stopping => server._stop.Token;

        /// <summary>The next request, or null when the client closed.</summary>
        public async Task<AgenkitEnvelope?> ReadAsync()
        {
            var header = new byte[4];
            try
            {
                await _stream.ReadExactlyAsync(header, server._stop.Token);
            }
            catch (EndOfStreamException)
            {
                return null;
            }
            var body = new byte[System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header)];
            await _stream.ReadExactlyAsync(body, server._stop.Token);
            var envelope = AgenkitEnvelopeCodec.Decode(body).Envelope!;
            lock (server.Requests) server.Requests.Add(envelope);
            return envelope;
        }

        public async Task WriteAsync(AgenkitEnvelope envelope) => await _stream.WriteAsync(AgenkitFraming.ToFrame(envelope), server._stop.Token);

        /// <summary>Answers a process request with its own content.</summary>
        public Task EchoAsync(AgenkitEnvelope request)
        {
            var message = (System.Text.Json.Nodes.JsonObject)request.Payload["message"]!;
            return WriteAsync(AgenkitEnvelope.ForResponse(request.Id, AgenkitMessage.Text("agent", message["content"]!.GetValue<string>())));
        }

        /// <summary>Closes at once, RST rather than FIN, like a peer that crashed.</summary>
        public void Reset() => client.Client.Close(0);

        public void Dispose() => client.Dispose();
    }
}
