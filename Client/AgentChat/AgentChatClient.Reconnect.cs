namespace AgentPlatform.Client.AgentChat;

/// <summary>Reconnecting: the protocol has no session resume, so a new connection identifies again and rejoins its channels.</summary>
public sealed partial class AgentChatClient
{
    /// <summary>
    /// Connects, retrying connection failures after the <paramref name="backoff"/>'s delays until it succeeds or
    /// <paramref name="cancellationToken"/> ends it; then joins <paramref name="channels"/> (a channel the server refuses is
    /// reported through <paramref name="onJoinFailed"/> and skipped, so one bad channel never blocks the reconnect).
    /// </summary>
    public static async Task<AgentChatClient> ConnectWithRetryAsync(Uri server, AgentChatClientOptions options, Backoff backoff, IReadOnlyList<string>? channels = null,
        Action<string, AgentChatException>? onJoinFailed = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(backoff);
        while (true)
        {
            AgentChatClient client;
            try
            {
                client = await ConnectAsync(server, options, cancellationToken).ConfigureAwait(false);
            }
            catch (AgentChatException ex) when (ex.Code is AgentChatException.Disconnected or AgentChatException.Timeout)
            {
                await Task.Delay(backoff.Next(), options.Time, cancellationToken).ConfigureAwait(false);
                continue;
            }
            backoff.Reset();
            foreach (var channel in channels ?? [])
            {
                try
                {
                    await client.JoinAsync(channel, cancellationToken).ConfigureAwait(false);
                }
                catch (AgentChatException ex) when (ex.Code is not (AgentChatException.Disconnected or AgentChatException.Timeout))
                {
                    onJoinFailed?.Invoke(channel, ex);
                }
            }
            return client;
        }
    }
}
