using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Agenkit;

namespace AgentPlatform.Relay.Tests.Agenkit;

/// <summary>
/// An agent served the way agenkit's LocalAgent serves one (a socket of its own, one request at a time per
/// connection): process answers "Processed: {content}", stream answers three chunks then stream_end.
/// </summary>
public sealed class TestAgenkitAgent : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accept;

    public TestAgenkitAgent(string socketPath)
    {
        Endpoint = "unix://" + socketPath;
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        _listener.Listen(16);
        _accept = AcceptAsync();
    }

    public string Endpoint { get; }

    /// <summary>Requests served so far.</summary>
    public int Served => Volatile.Read(ref _served);

    private int _served;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        try
        {
            await _accept;
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptAsync(_stop.Token);
            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using var owned = socket;
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var reader = PipeReader.Create(stream);
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(_stop.Token);
                var buffer = result.Buffer;
                while (AgenkitFraming.TryReadFrame(ref buffer, AgenkitProtocol.DefaultMaxFrameBytes, out var body, out _) == AgenkitFrameStatus.Complete)
                {
                    var request = AgenkitEnvelopeCodec.Decode(body).Envelope!;
                    Interlocked.Increment(ref _served);
                    if (!AgenkitRequest.TryParse(request.Payload, out var parsed, out _) || !parsed!.TryGetMessage(out var message, out _)) continue;
                    if (parsed.Method == AgenkitMethods.Stream)
                    {
                        for (var i = 0; i < 3; i++)
                        {
                            await stream.WriteAsync(AgenkitFraming.ToFrame(AgenkitEnvelope.ForStreamChunk(request.Id, AgenkitMessage.Text("agent", "part " + i))));
                        }
                        await stream.WriteAsync(AgenkitFraming.ToFrame(AgenkitEnvelope.ForStreamEnd(request.Id)));
                    }
                    else
                    {
                        var answer = new AgenkitMessage("agent", JsonValue.Create("Processed: " + message!.ContentText), [], AgenkitProtocol.FormatTimestamp(DateTimeOffset.UtcNow));
                        await stream.WriteAsync(AgenkitFraming.ToFrame(AgenkitEnvelope.ForResponse(request.Id, answer)));
                    }
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted) return;
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException)
        {
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }
}
