using System.Text.Json.Nodes;

namespace AgentPlatform.Client.AgentChat;

/// <summary>The channel and listing requests of AgentChat 0.7.0.</summary>
public sealed partial class AgentChatClient
{
    /// <summary>JOIN; returns the JOINED frame (its <c>agents</c>). The channel's recent messages follow on <see cref="Incoming"/> with <c>replay: true</c>.</summary>
    public Task<JsonObject> JoinAsync(string channel, CancellationToken cancellationToken = default)
    {
        var name = AgentIds.Channel(channel);
        return RequestAsync(Frames.Create("JOIN", ("channel", name)), f => f.Type() == "JOINED" && f.Text("channel") == name, cancellationToken);
    }

    /// <summary>LEAVE; returns the LEFT frame.</summary>
    public Task<JsonObject> LeaveAsync(string channel, CancellationToken cancellationToken = default)
    {
        var name = AgentIds.Channel(channel);
        return RequestAsync(Frames.Create("LEAVE", ("channel", name)), f => f.Type() == "LEFT" && f.Text("channel") == name, cancellationToken);
    }

    /// <summary>MSG to <c>#channel</c> or <c>@agent</c>, without waiting (signed when we have a key).</summary>
    public Task SendAsync(string to, string content, CancellationToken cancellationToken = default) =>
        SendFrameAsync(BuildMessage(to, content), cancellationToken);

    /// <summary>LIST_CHANNELS; the visible channels (invite-only ones are hidden by the server).</summary>
    public async Task<IReadOnlyList<ChannelInfo>> ListChannelsAsync(CancellationToken cancellationToken = default)
    {
        var answer = await RequestAsync(Frames.Create("LIST_CHANNELS"), f => f.Type() == "CHANNELS", cancellationToken).ConfigureAwait(false);
        return [.. (answer["list"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(c => new ChannelInfo(c.Text("name") ?? "", (int)(c.Number("agents") ?? 0)))];
    }

    /// <summary>LIST_AGENTS; the agent ids in a channel.</summary>
    public async Task<IReadOnlyList<string>> ListAgentsAsync(string channel, CancellationToken cancellationToken = default)
    {
        var name = AgentIds.Channel(channel);
        var answer = await RequestAsync(Frames.Create("LIST_AGENTS", ("channel", name)), f => f.Type() == "AGENTS", cancellationToken).ConfigureAwait(false);
        // Later servers list objects ({id, name, …}); 0.7.0 lists ids. Both read as ids.
        return [.. (answer["list"] as JsonArray ?? []).Select(a => a is JsonObject o ? o.Text("id") ?? "" : a?.GetValue<string>() ?? "")];
    }

    /// <summary>CREATE_CHANNEL; the creator is joined (the JOINED frame is returned).</summary>
    public Task<JsonObject> CreateChannelAsync(string channel, bool inviteOnly, CancellationToken cancellationToken = default)
    {
        var name = AgentIds.Channel(channel);
        return RequestAsync(Frames.Create("CREATE_CHANNEL", ("channel", name), ("invite_only", inviteOnly)), f => f.Type() == "JOINED" && f.Text("channel") == name, cancellationToken);
    }

    /// <summary>INVITE. The server answers nothing on success, so a PING after it tells an accepted invite from an ERROR.</summary>
    public async Task InviteAsync(string channel, string agent, CancellationToken cancellationToken = default)
    {
        await SendFrameAsync(Frames.Create("INVITE", ("channel", AgentIds.Channel(channel)), ("agent", AgentIds.Normalize(agent))), cancellationToken).ConfigureAwait(false);
        await PingAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>PING; returns when PONG is back. An ERROR the server sends first (for an earlier frame) is thrown.</summary>
    public Task PingAsync(CancellationToken cancellationToken = default) =>
        RequestAsync(Frames.Create("PING"), f => f.Type() == "PONG", cancellationToken);
}
