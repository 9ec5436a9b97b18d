using AgentPlatform.Server.AspV1;

namespace AgentPlatform.Relay.AspV1;

/// <summary>
/// At shutdown, before any hosted service stops (Kestrel included: it would wait for the open sockets until its
/// shutdown timeout), every asp-v1 socket is closed with 1001 (going away): clients reconnect and resume elsewhere.
/// </summary>
public sealed class AspV1Drain(AspV1Engine engine) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => engine.DrainAsync(TimeSpan.FromSeconds(5));

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
