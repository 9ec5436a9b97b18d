using System.Globalization;
using AgentPlatform.Client.Registry;
using AgentPlatform.Protocol.Registry;
using AgentPlatform.Registry;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Client.Tests.Registry;

/// <summary>The client helper against a real Registry: it keeps the instance registered and comes back after being forgotten.</summary>
public sealed class RegistrationHeartbeatTests
{
    [Fact]
    public async Task The_helper_heartbeats_re_registers_after_a_404_and_deregisters_on_dispose()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        await using var app = RegistryApplication.Build([], b =>
        {
            b.WebHost.UseUrls("http://127.0.0.1:" + port);
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["AgentPlatform:Keys:Registry"] = "k" });
            b.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await app.StartAsync(ct);
        using var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:" + port) };
        var client = new RegistryClient(http, "k");
        var registration = new AgentRegistration { Endpoint = "ws://127.0.0.1:9/agent", Protocol = "asp-v1", Mode = "direct", Capabilities = ["stream"] };

        var helper = new RegistrationHeartbeat(client, "echo", "h1", registration) { Interval = TimeSpan.FromMilliseconds(100) };
        await helper.StartAsync(ct);
        Assert.Equal(1, helper.Registrations);
        Assert.Equal("healthy", Assert.Single((await client.GetAsync("echo", ct))!.Instances).Status);

        // The registry forgets the instance (as after pruning): the next heartbeat gets 404 and the helper registers again.
        Assert.True(await client.DeregisterAsync("echo", "h1", ct));
        await Eventually.TrueAsync(() => helper.Registrations >= 2, TimeSpan.FromSeconds(10), "re-registered after 404");
        Assert.NotNull(await client.GetAsync("echo", ct));
        Assert.Equal(0, helper.Failures);

        await helper.DisposeAsync();
        Assert.Null(await client.GetAsync("echo", ct));
        await app.StopAsync(ct);
    }

    [Fact]
    public async Task Refusals_surface_as_RegistryException_with_field_errors()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        await using var app = RegistryApplication.Build([], b =>
        {
            b.WebHost.UseUrls("http://127.0.0.1:" + port);
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["AgentPlatform:Keys:Registry"] = "k" });
            b.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await app.StartAsync(ct);
        using var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:" + port) };
        var bad = await Assert.ThrowsAsync<RegistryException>(() =>
            new RegistryClient(http, "k").RegisterAsync("echo", "1", new AgentRegistration { Endpoint = "ftp://x", Protocol = "asp-v1", Mode = "direct" }, ct));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("endpoint", bad.Errors.Keys);
        var unauthorized = await Assert.ThrowsAsync<RegistryException>(() =>
            new RegistryClient(http, "wrong").RegisterAsync("echo", "1", new AgentRegistration { Endpoint = "ws://x:1", Protocol = "asp-v1", Mode = "direct" }, ct));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        await app.StopAsync(ct);
    }
}
