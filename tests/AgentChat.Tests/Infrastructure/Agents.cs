using System.Text.Json.Nodes;
using AgentPlatform.Client.AgentChat;

namespace AgentPlatform.AgentChat.Tests.Infrastructure;

/// <summary>Client-library helpers for the tests' other side.</summary>
public static class Agents
{
    public static Task<AgentChatClient> ConnectAsync(ChatServer server, string name = "peer", AgentChatIdentity? identity = null) =>
        AgentChatClient.ConnectAsync(server.Uri, new AgentChatClientOptions { Name = name, Identity = identity, RequestTimeout = TimeSpan.FromSeconds(10) });

    /// <summary>The next frame on <see cref="AgentChatClient.Incoming"/> that matches, within a bounded wait.</summary>
    public static async Task<JsonObject> NextAsync(this AgentChatClient client, Func<JsonObject, bool> match, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        try
        {
            while (await client.Incoming.WaitToReadAsync(cts.Token))
            {
                while (client.Incoming.TryRead(out var frame))
                {
                    if (match(frame)) return frame;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("no matching frame arrived in time");
        }
        throw new InvalidOperationException("the connection closed before a matching frame arrived");
    }

    /// <summary>Collects MSG frames with content matching until <paramref name="count"/> distinct contents arrived.</summary>
    public static async Task<List<string>> CollectContentsAsync(this AgentChatClient client, Func<string, bool> match, int count, TimeSpan timeout)
    {
        var seen = new List<string>();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (seen.Count < count && await client.Incoming.WaitToReadAsync(cts.Token))
            {
                while (client.Incoming.TryRead(out var frame))
                {
                    if (frame.Type() == "MSG" && frame.Text("content") is { } content && match(content)) seen.Add(content);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The caller asserts on what arrived.
        }
        return seen;
    }
}
