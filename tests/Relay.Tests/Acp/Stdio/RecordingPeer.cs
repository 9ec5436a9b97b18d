using System.Collections.Concurrent;
using AgentPlatform.Protocol.Acp;
using AgentPlatform.Relay.Acp.Agents;

namespace AgentPlatform.Relay.Tests.Acp.Stdio;

/// <summary>A client end that records everything the attachment sends it, in order, and can answer the agent's requests.</summary>
public sealed class RecordingPeer(string connectionId) : IAcpClientPeer
{
    private readonly ConcurrentQueue<JsonRpcMessage> _received = new();
    private readonly TaskCompletionSource<string> _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string ConnectionId { get; } = connectionId;

    public string? UserId => null;

    /// <summary>When false, the agent's requests are refused as if the connection were gone (nothing kept).</summary>
    public bool AcceptsRequests { get; set; } = true;

    /// <summary>Answers an agent request (the returned response goes back through <see cref="Attachment"/>), or null to leave it unanswered.</summary>
    public Func<JsonRpcMessage, JsonRpcMessage?>? OnRequest { get; set; }

    public IAcpAttachment? Attachment { get; set; }

    public IReadOnlyList<JsonRpcMessage> Received => [.. _received];

    public Task<string> Failed => _failed.Task;

    public ValueTask<bool> SendAsync(JsonRpcMessage message, CancellationToken cancellationToken = default)
    {
        if (message.Kind == JsonRpcKind.Request && !AcceptsRequests) return ValueTask.FromResult(false);
        _received.Enqueue(message);
        if (message.Kind == JsonRpcKind.Request && OnRequest?.Invoke(message) is { } answer && Attachment is { } attachment)
        {
            // Answered from another task, as a real connection's receive loop would.
            _ = Task.Run(async () => await attachment.ReceiveAsync(answer, CancellationToken.None), CancellationToken.None);
        }
        return ValueTask.FromResult(true);
    }

    public void Fail(string reason) => _failed.TrySetResult(reason);

    /// <summary>Polls (every 10 ms, bounded) until a received message satisfies <paramref name="match"/>.</summary>
    public async Task<JsonRpcMessage> WaitForAsync(Func<JsonRpcMessage, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var found = _received.FirstOrDefault(match);
            if (found is not null) return found;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"{ConnectionId}: expected message not received; got {_received.Count}: {string.Join(" | ", _received.TakeLast(5))}");
            await Task.Delay(10);
        }
    }
}
