namespace AgentPlatform.Relay.Core.Backplane;

/// <summary>Options of the Redis backplane (configuration section Relay:Backplane).</summary>
public sealed record BackplaneOptions
{
    /// <summary>
    /// How long a group operation on a connection of another replica waits for that replica's acknowledgement before
    /// it fails with <see cref="TimeoutException"/>. SignalR waits 30 s; a Web PubSub REST call should fail sooner.
    /// </summary>
    public TimeSpan AckTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// After the connection to Redis came back, how long publishing still fails (retryable) instead of going out: the
    /// other replicas reconnect and restore their subscriptions at about the same time, and a message published before
    /// a receiver resubscribed would reach nobody while its sender was told it was sent.
    /// </summary>
    public TimeSpan ReconnectGrace { get; init; } = TimeSpan.FromSeconds(1.5);

    public void Validate()
    {
        if (ReconnectGrace < TimeSpan.Zero || ReconnectGrace > TimeSpan.FromMinutes(1))
        {
            throw new InvalidOperationException("Relay:Backplane:ReconnectGrace must be between 0 and 1 minute.");
        }
        if (AckTimeout <= TimeSpan.Zero || AckTimeout > TimeSpan.FromMinutes(5))
        {
            throw new InvalidOperationException("Relay:Backplane:AckTimeout must be between 0 and 5 minutes.");
        }
    }
}
