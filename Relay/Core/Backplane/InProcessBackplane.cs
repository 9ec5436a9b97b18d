namespace AgentPlatform.Relay.Core.Backplane;

/// <summary>The single-replica default: a published message is applied at once, in the caller's flow.</summary>
public sealed class InProcessBackplane : IRelayBackplane
{
    private Func<BackplaneMessage, ValueTask>? _handler;

    public Task StartAsync(Func<BackplaneMessage, ValueTask> handler, CancellationToken cancellationToken)
    {
        _handler = handler;
        return Task.CompletedTask;
    }

    public ValueTask PublishAsync(BackplaneMessage message, CancellationToken cancellationToken) =>
        _handler is { } h ? h(message) : ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
