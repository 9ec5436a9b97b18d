using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using AgentPlatform.Protocol.WebPubSub.Auth;

namespace AgentPlatform.Reliability.Load;

/// <summary>
/// One Web PubSub client connection (<c>json.webpubsub.azure.v1</c>) to a hub of the Relay: acknowledged actions
/// (joinGroup, sendToGroup with an ackId) and group messages handed to a callback. Written against the wire format
/// (docs/protocol/webpubsub.md) so the suite needs no node client.
/// </summary>
public sealed class WpsLink : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<ulong, TaskCompletionSource<JsonObject>> _acks = new();
    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly Action<JsonNode?> _onGroupData;
    private Task _receive = Task.CompletedTask;
    private long _nextAck;

    private WpsLink(Action<JsonNode?> onGroupData) => _onGroupData = onGroupData;

    /// <summary>Completes when the connection ends (closed, dropped or failed).</summary>
    public Task Completion => _receive;

    public static async Task<WpsLink> ConnectAsync(Uri relay, string accessKey, string hub, Action<JsonNode?> onGroupData, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relay);
        var baseUrl = relay.GetLeftPart(UriPartial.Authority);
        var token = WebPubSubAccessToken.Create(accessKey, baseUrl + "/client/hubs/" + hub, DateTimeOffset.UtcNow, TimeSpan.FromHours(1),
            "reliability-" + Guid.NewGuid().ToString("N")[..8], ["webpubsub.joinLeaveGroup", "webpubsub.sendToGroup"]);
        var link = new WpsLink(onGroupData);
        link._socket.Options.AddSubProtocol("json.webpubsub.azure.v1");
        var ws = new UriBuilder(baseUrl) { Scheme = "ws", Path = "/client/hubs/" + hub, Query = "access_token=" + Uri.EscapeDataString(token) }.Uri;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            await link._socket.ConnectAsync(ws, timeout.Token).ConfigureAwait(false);
        }
        catch
        {
            await link.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        link._receive = Task.Run(link.ReceiveLoopAsync, CancellationToken.None);
        return link;
    }

    public Task<bool> JoinAsync(string group, CancellationToken cancellationToken) =>
        ActAsync(new JsonObject { ["type"] = "joinGroup", ["group"] = group }, cancellationToken);

    /// <summary>Sends <paramref name="data"/> to <paramref name="group"/>; true when the Relay acknowledged it with success.</summary>
    public Task<bool> SendToGroupAsync(string group, JsonNode data, CancellationToken cancellationToken) =>
        ActAsync(new JsonObject { ["type"] = "sendToGroup", ["group"] = group, ["dataType"] = "json", ["data"] = data, ["noEcho"] = true }, cancellationToken);

    private async Task<bool> ActAsync(JsonObject action, CancellationToken cancellationToken)
    {
        var id = (ulong)Interlocked.Increment(ref _nextAck);
        action["ackId"] = id;
        var answer = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _acks[id] = answer;
        try
        {
            var bytes = Encoding.UTF8.GetBytes(action.ToJsonString());
            await _send.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _send.Release();
            }
            var ack = await answer.Task.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
            return ack["success"]?.GetValue<bool>() == true;
        }
        finally
        {
            _acks.TryRemove(id, out _);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                var node = JsonNode.Parse(message.GetBuffer().AsSpan(0, (int)message.Length)) as JsonObject;
                message.SetLength(0);
                switch (node?["type"]?.GetValue<string>())
                {
                    case "ack" when node["ackId"] is { } ackId && _acks.TryGetValue(ulong.Parse(ackId.ToJsonString(), CultureInfo.InvariantCulture), out var tcs):
                        tcs.TrySetResult(node);
                        break;
                    case "message" when node["from"]?.GetValue<string>() == "group":
                        _onGroupData(node["data"]);
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException or System.Text.Json.JsonException)
        {
            // The connection is gone (an aborted socket throws OperationCanceledException "Aborted"); Completion tells the owner.
        }
        foreach (var tcs in _acks.Values) tcs.TrySetException(new IOException("the Web PubSub connection ended"));
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        try
        {
            await _receive.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The receive loop ends however the socket went; nothing to report on the way out.
        }
        _socket.Dispose();
        _send.Dispose();
    }
}
