using AgentPlatform.Server.AspV1;

namespace AgentPlatform.Relay.AspV1;

/// <summary>
/// At shutdown, before Kestrel stops, every asp-v1 socket is closed with 1001 (going away): clients reconnect and
/// resume elsewhere instead of holding a graceful shutdown open until its timeout.
/// </summary>
public sealed class AspV1Drain(AspV1Engine engine) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => engine.DrainAsync(TimeSpan.FromSeconds(5));
}
