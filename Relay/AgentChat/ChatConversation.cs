using System.Globalization;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Server.AgentChat;
using AgentPlatform.Server.AspV1.Invocations;

namespace AgentPlatform.Relay.AgentChat;

/// <summary>
/// One AgentChat agent talking to one platform agent by DM. Each DM is an invocation (input: the DM's content string)
/// in this conversation's <see cref="InvocationTable"/>, whose caller session is "agentchat:&lt;id&gt;:&lt;name&gt;", so
/// an agent with state (conversation) keeps it per pair. While the agent waits on a REQUEST, the next DM is its REPLY.
/// </summary>
internal sealed class ChatConversation
{
    private readonly Lock _gate = new();
    private readonly InvocationTable _table;
    private (string InvocationId, string Rid)? _question;
    private long _next;

    public ChatConversation(string from, string name, IAgentChatOutlet outlet, PlatformChatServices services)
    {
        From = from;
        Name = name;
        Outlet = outlet;
        _table = new InvocationTable(new ChatFrameOutput(this), services.Router,
            new InvocationCaller("agentchat:" + from, $"agentchat:{from}:{name}", from), services.Limits, services.Observer, services.Time);
    }

    /// <summary>The AgentChat agent (with <c>@</c>).</summary>
    public string From { get; }

    /// <summary>The platform agent's name.</summary>
    public string Name { get; }

    public IAgentChatOutlet Outlet { get; }

    /// <summary>A DM from <see cref="From"/>: the answer to a pending question, or a new invocation.</summary>
    public async Task ReceiveAsync(string content)
    {
        (string InvocationId, string Rid)? question;
        lock (_gate)
        {
            question = _question;
            _question = null;
        }
        if (question is { } q && _table.TryGet(q.InvocationId, out _))
        {
            await _table.ReplyAsync(new ReplyFrame(q.InvocationId, q.Rid, MsgPackValue.From(content))).ConfigureAwait(false);
            return;
        }
        var id = "chat-" + Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture);
        await _table.StartAsync(new InvokeFrame(id, Name, MsgPackValue.From(content))).ConfigureAwait(false);
    }

    /// <summary>The agent asked something: the next DM from <see cref="From"/> answers it.</summary>
    public void Asked(string invocationId, string rid)
    {
        lock (_gate) _question = (invocationId, rid);
    }

    public Task StopAsync(string reason) => _table.StopAllAsync(reason);
}
