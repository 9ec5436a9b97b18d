using AgentPlatform.Relay.Routing;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Relay.Tests.Infrastructure;

/// <summary>A Relay started by a test on a real Kestrel port.</summary>
public sealed class RelayHost(WebApplication app, Uri url) : IAsyncDisposable
{
    public WebApplication App { get; } = app;

    public Uri Url { get; } = url;

    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public Task<AspTestClient> ConnectAsync(TokenVia via = TokenVia.Header) => AspTestClient.ConnectAsync(Url, PlatformFixture.SocketKey, via);

    /// <summary>Connects and completes HELLO.</summary>
    public async Task<(AspTestClient Client, Protocol.AspV1.ServerHelloFrame Hello)> OpenAsync(string[]? caps = null)
    {
        var client = await ConnectAsync();
        var hello = await client.HelloAsync(caps);
        return (client, hello);
    }

    /// <summary>Waits until the Relay's registry view routes <paramref name="agent"/> (Functions registers at start-up).</summary>
    public Task WaitForAgentAsync(string agent) =>
        Eventually.TrueAsync(() => Get<AgentDirectory>().Resolve(agent) is not null, TimeSpan.FromSeconds(15), $"agent {agent} routable");

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
