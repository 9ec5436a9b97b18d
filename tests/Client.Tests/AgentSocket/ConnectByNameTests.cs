using System.Globalization;
using AgentPlatform.Client.AgentSocket;
using AgentPlatform.Client.Registry;
using AgentPlatform.Protocol.Registry;
using AgentPlatform.Registry;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Client.Tests.AgentSocket;

public sealed class ConnectByNameTests
{
    [Fact]
    public async Task A_direct_mode_agent_is_reached_by_name_through_the_registry()
    {
        const string Key = "k";
        var registryUrl = "http://127.0.0.1:" + FreePort.Next().ToString(CultureInfo.InvariantCulture);
        await using var registryApp = RegistryApplication.Build([], b =>
        {
            b.WebHost.UseUrls(registryUrl);
            b.Logging.ClearProviders();
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["AgentPlatform:Keys:Registry"] = Key });
        });
        await registryApp.StartAsync(TestContext.Current.CancellationToken);
        await using var host = await EndpointHost.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(registryUrl) };
        var registry = new RegistryClient(http, Key);
        await registry.RegisterAsync("echo", "direct-1", new AgentRegistration
        {
            Endpoint = host.Url.ToString(),
            Protocol = "asp-v1",
            Mode = "direct",
        }, TestContext.Current.CancellationToken);

        await using var client = await AgentSocketClient.ConnectToAgentAsync("echo", registry, cancellationToken: TestContext.Current.CancellationToken);
        var events = await client.InvokeAllAsync("echo", "by name", TestContext.Current.CancellationToken);
        Assert.Equal("by name", ((ChunkEvent)events[0]).Data.AsString());

        var missing = await Assert.ThrowsAsync<AgentSocketException>(() =>
            AgentSocketClient.ConnectToAgentAsync("nobody", registry, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal("UNKNOWN_AGENT", missing.Code);
        await registryApp.StopAsync(TestContext.Current.CancellationToken);
    }
}
