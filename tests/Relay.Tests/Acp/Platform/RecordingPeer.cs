using System.Threading.Channels;
using AgentPlatform.Protocol.Acp;
using AgentPlatform.Relay.Acp.Agents;

namespace AgentPlatform.Relay.Tests.Acp.Platform;

/// <summary>A test client end: records every message the attachment sends, in order, and can play a dropped connection.</summary>
public sealed class RecordingPeer(string connectionId, string? userId = null) : IAcpClientPeer
{
    private readonly Channel<JsonRpcMessage> _received = Channel.CreateUnbounded<JsonRpcMessage>();

    public string ConnectionId { get; } = connectionId;

    public string? UserId { get; } = userId;

    /// <summary>False plays a connection that is gone: nothing is recorded and SendAsync answers false.</summary>
    public bool Connected { get; set; } = true;

    public string? FailedWith { get; private set; }

    public ValueTask<bool> SendAsync(JsonRpcMessage message, CancellationToken cancellationToken = default)
    {
        if (!Connected) return ValueTask.FromResult(false);
        // Round-tripped through the wire form, as a real transport would, so the test sees exactly what a client would.
        var parsed = JsonRpcParser.Parse(message.ToUtf8());
        _received.Writer.TryWrite(parsed.Message ?? throw new InvalidOperationException("the attachment sent an invalid message: " + message));
        return ValueTask.FromResult(true);
    }

    public void Fail(string reason) => FailedWith = reason;

    /// <summary>The next message sent to this client (bounded wait).</summary>
    public async Task<JsonRpcMessage> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        return await _received.Reader.ReadAsync(cts.Token);
    }

    /// <summary>Messages up to and including the first that matches <paramref name="last"/> (bounded wait).</summary>
    public async Task<List<JsonRpcMessage>> UntilAsync(Func<JsonRpcMessage, bool> last, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        var list = new List<JsonRpcMessage>();
        while (list.Count < 10_000)
        {
            var message = await _received.Reader.ReadAsync(cts.Token);
            list.Add(message);
            if (last(message)) return list;
        }
        throw new InvalidOperationException("too many messages");
    }

    /// <summary>True when nothing more arrives within <paramref name="quiet"/>.</summary>
    public async Task<bool> IsQuietAsync(TimeSpan quiet)
    {
        using var cts = new CancellationTokenSource(quiet);
        try
        {
            await _received.Reader.WaitToReadAsync(cts.Token);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }
}
