using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Acp;

namespace AgentPlatform.Client.Tests.Acp;

/// <summary>A session of <see cref="FakeAcpAgentServer"/>: its owner, its history, and what it kept for the replay extension.</summary>
public sealed class FakeSession(string id)
{
    private readonly Lock _gate = new();
    private readonly List<JsonObject> _history = [];
    private readonly List<(long Seq, JsonObject Update)> _kept = [];
    private TaskCompletionSource? _cancelled;
    private long _seq;
    private FakeAcpConnection? _owner;

    public string Id { get; } = id;

    public FakeAcpConnection? Owner
    {
        get
        {
            lock (_gate) return _owner;
        }
        set
        {
            lock (_gate) _owner = value;
        }
    }

    /// <summary>Sends one update to the owner, numbered when it asked for replay, and keeps it either way.</summary>
    public async Task UpdateAsync(JsonObject update)
    {
        long seq;
        FakeAcpConnection? owner;
        lock (_gate)
        {
            _history.Add(update);
            seq = ++_seq;
            _kept.Add((seq, update));
            owner = _owner;
        }
        if (owner is not null) await owner.SendAsync(Notification(owner, seq, update));
    }

    public async Task<JsonRpcMessage> LoadAsync(FakeAcpConnection connection, JsonRpcMessage request)
    {
        List<JsonObject> history;
        lock (_gate)
        {
            _owner = connection;
            history = [.. _history];
        }
        foreach (var update in history)
        {
            await connection.SendAsync(JsonRpcMessage.Notification(AcpMethods.SessionUpdate, new JsonObject { ["sessionId"] = Id, ["update"] = update.DeepClone() }));
        }
        return JsonRpcMessage.Success(request.Id, new JsonObject());
    }

    public async Task<JsonRpcMessage> ResumeAsync(FakeAcpConnection connection, JsonRpcMessage request)
    {
        var after = (long)request.Params!["after"]!;
        List<(long Seq, JsonObject Update)> missed;
        lock (_gate)
        {
            _owner = connection;
            missed = [.. _kept.Where(k => k.Seq > after)];
        }
        foreach (var (seq, update) in missed) await connection.SendAsync(Notification(connection, seq, update));
        return JsonRpcMessage.Success(request.Id, new JsonObject { ["replayed"] = missed.Count });
    }

    public async Task<JsonRpcMessage> PromptAsync(JsonRpcMessage request)
    {
        var blocks = request.Params!["prompt"]!.AsArray();
        var text = string.Join("\n", blocks.Select(b => (string?)b!["text"] ?? ""));
        var owner = Owner!;
        lock (_gate) _history.Add(new JsonObject { ["sessionUpdate"] = "user_message_chunk", ["content"] = blocks[0]!.DeepClone() });
        var words = text.Split(' ', 2);
        switch (words[0])
        {
            case "ask":
                var permission = await owner.AskAsync(AcpMethods.SessionRequestPermission, new JsonObject
                {
                    ["sessionId"] = Id,
                    ["toolCall"] = new JsonObject { ["toolCallId"] = "t1", ["title"] = "May I?", ["status"] = "pending" },
                    ["options"] = new JsonArray(new JsonObject { ["optionId"] = "yes", ["name"] = "Yes", ["kind"] = "allow_once" }),
                });
                await UpdateAsync(FakeAcpAgentServer.Chunk("permission " + (permission.IsError ? permission.Error!.ToJsonString() : permission.Result!.ToJsonString())));
                break;
            case "read":
                var read = await owner.AskAsync(AcpMethods.FsReadTextFile, new JsonObject { ["sessionId"] = Id, ["path"] = words[1] });
                await UpdateAsync(FakeAcpAgentServer.Chunk(read.IsError ? "error " + (int)read.Error!["code"]! : (string)read.Result!["content"]!));
                break;
            case "wait":
                var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                lock (_gate) _cancelled = cancelled;
                await UpdateAsync(FakeAcpAgentServer.Chunk("waiting"));
                await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
                return JsonRpcMessage.Success(request.Id, new JsonObject { ["stopReason"] = "cancelled" });
            case "garbage":
                // Not JSON, a repeated member, an unknown id, a binary frame: all dropped. (Invalid UTF-8 in a text frame is
                // not sendable here: .NET's WebSocket fails such a connection with 1007, as RFC 6455 asks.)
                await owner.SendRawAsync("{oops"u8.ToArray());
                await owner.SendRawAsync("""{"jsonrpc":"2.0","method":"session/update","params":{"sessionId":"x","sessionId":"y"}}"""u8.ToArray());
                await owner.SendRawAsync("""{"jsonrpc":"2.0","id":424242,"result":{}}"""u8.ToArray());
                await owner.SendRawAsync([1, 2, 3], System.Net.WebSockets.WebSocketMessageType.Binary);
                await UpdateAsync(FakeAcpAgentServer.Chunk("after"));
                break;
            case "fail":
                return JsonRpcMessage.Failure(request.Id, JsonRpcErrorCodes.InternalError, "it failed", new JsonObject { ["code"] = "BOOM", ["retryable"] = false });
            default:
                foreach (var word in text.Split(' ')) await UpdateAsync(FakeAcpAgentServer.Chunk(word));
                break;
        }
        return JsonRpcMessage.Success(request.Id, new JsonObject { ["stopReason"] = "end_turn" });
    }

    public void Release(FakeAcpConnection connection)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_owner, connection)) _owner = null;
        }
    }

    public JsonRpcMessage? Cancel()
    {
        lock (_gate) _cancelled?.TrySetResult();
        return null;
    }

    private JsonRpcMessage Notification(FakeAcpConnection to, long seq, JsonObject update)
    {
        var parameters = new JsonObject { ["sessionId"] = Id, ["update"] = update.DeepClone() };
        if (to.Replay) parameters["_meta"] = new JsonObject { ["agentplatform/seq"] = seq };
        return JsonRpcMessage.Notification(AcpMethods.SessionUpdate, parameters);
    }
}
