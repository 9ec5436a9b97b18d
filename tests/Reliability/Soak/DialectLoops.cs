using System.Text.Json.Nodes;
using AgentPlatform.Client.Acp;
using AgentPlatform.Client.Agenkit;
using AgentPlatform.Client.AgentChat;
using AgentPlatform.Reliability.Load;

namespace AgentPlatform.Reliability.Soak;

/// <summary>
/// The soak's traffic on the dialects the fault load does not cover: ACP prompts, AgentChat channel messages (sent,
/// confirmed and seen by a second member), agenkit requests. Each loop runs until stopped, paces itself and records
/// every request in the recorder; a soak passes only if none failed.
/// </summary>
public static class DialectLoops
{
    /// <summary>ACP: one connection, one session of the default agent, prompts in a row.</summary>
    public static async Task AcpAsync(Uri url, string token, LoadRecorder recorder, TimeSpan pause, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        await using var client = await AcpClient.ConnectAsync(url, token, new AcpClientOptions(), stop).ConfigureAwait(false);
        await client.InitializeAsync(stop).ConfigureAwait(false);
        var session = await client.NewSessionAsync(Path.GetTempPath(), cancellationToken: stop).ConfigureAwait(false);
        for (var n = 1; !stop.IsCancellationRequested; n++)
        {
            try
            {
                var answer = await client.PromptAsync(session, "soak " + n, cancellationToken: stop).ConfigureAwait(false);
                if (answer.StopReason == "end_turn") recorder.Success("acp");
                else recorder.Failure("acp", "stop reason " + answer.StopReason);
                await Task.Delay(pause, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (AcpException ex)
            {
                recorder.Failure("acp", ex.GetType().Name);
                await Task.Delay(pause, stop).ConfigureAwait(false);
            }
        }
    }

    /// <summary>AgentChat: a sender and a listener in one channel; each message is confirmed, then must reach the listener.</summary>
    public static async Task AgentChatAsync(Uri url, LoadRecorder recorder, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        // The Relay allows a burst of 10 MSG then one per second per connection: stay under it.
        var pause = TimeSpan.FromMilliseconds(1100);
        var channel = "#general";
        await using var sender = await AgentChatClient.ConnectAsync(url, new AgentChatClientOptions { Name = "soak-sender" }, stop).ConfigureAwait(false);
        await using var listener = await AgentChatClient.ConnectAsync(url, new AgentChatClientOptions { Name = "soak-listener" }, stop).ConfigureAwait(false);
        await JoinAsync(sender, channel, stop).ConfigureAwait(false);
        await JoinAsync(listener, channel, stop).ConfigureAwait(false);
        var tag = Guid.NewGuid().ToString("N")[..8];
        for (var n = 1; !stop.IsCancellationRequested; n++)
        {
            var content = $"soak {tag} {n}";
            try
            {
                await sender.SendConfirmedAsync(channel, content, stop).ConfigureAwait(false);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stop);
                wait.CancelAfter(TimeSpan.FromSeconds(5));
                while (true)
                {
                    var frame = await listener.Incoming.ReadAsync(wait.Token).ConfigureAwait(false);
                    if (frame.Type() == "MSG" && frame.Text("content") == content) break;
                }
                recorder.Success("agentchat");
                // The sender sees its own messages too; nobody reads them, so drop them (the suite must not grow either).
                while (sender.Incoming.TryRead(out _))
                {
                }
                await Task.Delay(pause, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (OperationCanceledException)
            {
                recorder.Failure("agentchat", "not delivered within 5 s");
            }
            catch (AgentChatException ex)
            {
                recorder.Failure("agentchat", ex.Code);
                await Task.Delay(pause, stop).ConfigureAwait(false);
            }
        }
    }

    /// <summary>agenkit: requests to the platform's <c>echo</c> agent through the Relay's TCP listener.</summary>
    public static async Task AgenkitAsync(string endpoint, LoadRecorder recorder, TimeSpan pause, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        await using var agent = new RemoteAgent("echo", endpoint, new RemoteAgentOptions { MaxAttempts = 1, Timeout = TimeSpan.FromSeconds(10) });
        for (var n = 1; !stop.IsCancellationRequested; n++)
        {
            try
            {
                var content = "soak " + n;
                var answer = await agent.ProcessAsync(content, stop).ConfigureAwait(false);
                if (answer.ContentText == content) recorder.Success("agenkit");
                else recorder.Failure("agenkit", "wrong answer");
                await Task.Delay(pause, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is AgenkitRemoteException or IOException or TimeoutException)
            {
                recorder.Failure("agenkit", ex is AgenkitRemoteException r ? r.Code : ex.GetType().Name);
                await Task.Delay(pause, stop).ConfigureAwait(false);
            }
        }
    }

    private static Task<JsonObject> JoinAsync(AgentChatClient client, string channel, CancellationToken stop) =>
        client.RequestAsync(Frames.Create("JOIN", ("channel", channel)), f => f.Type() == "JOINED" && f.Text("channel") == channel, stop);
}
