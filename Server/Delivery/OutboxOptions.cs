namespace AgentPlatform.Server.Delivery;

/// <summary>Bounds of one connection's outbox (the frames sent but not yet acknowledged, or not yet written).</summary>
public sealed record OutboxOptions
{
    /// <summary>Most bytes held per connection; beyond it senders wait (backpressure) or fan-out drops the connection.</summary>
    public long MaxBufferedBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Most frames held per connection.</summary>
    public int MaxBufferedFrames { get; init; } = 10_000;
}
