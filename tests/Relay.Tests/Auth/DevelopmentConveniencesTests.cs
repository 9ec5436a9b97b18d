using AgentPlatform.Relay.Agenkit;
using AgentPlatform.Relay.Tests.Infrastructure;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Relay.Tests.Auth;

/// <summary>
/// The development conveniences (the shared key as a token, agenkit's TCP listener without tokens) are refused at start
/// in every environment but Development — Staging here, which accepted them before — with the key named and the fix
/// said; Development keeps them, and Staging without them starts.
/// </summary>
public sealed class DevelopmentConveniencesTests
{
    [Fact]
    public async Task Staging_refuses_to_start_with_the_shared_key_allowed()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync("Staging", new() { ["Relay:Auth:AllowSharedKey"] = "true" }));
        Assert.Contains("Relay:Auth:AllowSharedKey must not be true in Staging", error.Message, StringComparison.Ordinal);
        Assert.Contains("set it to false or remove it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staging_refuses_to_start_with_agenkit_TCP_open_to_peers_without_a_token()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync("Staging", new()
        {
            ["Relay:Agenkit:TcpPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Relay:Agenkit:RequireToken"] = "false",
        }));
        Assert.Contains("Relay:Agenkit:RequireToken must not be false in Staging", error.Message, StringComparison.Ordinal);
        Assert.Contains("set it to true or remove it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staging_with_the_defaults_starts_and_takes_tokens_only_and_Unix_only_agenkit_may_skip_them()
    {
        var unix = Path.Combine(Path.GetTempPath(), "ap-dc-" + Guid.NewGuid().ToString("N")[..8], "agenkit.sock");
        await using var staging = await StartAsync("Staging", new()
        {
            ["Relay:Agenkit:TcpPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Relay:Agenkit:UnixSocket"] = unix,
        });
        Assert.False(staging.Services.GetRequiredService<RelayOptions>().Auth.AllowSharedKey);
        Assert.True(staging.Services.GetRequiredService<AgenkitOptions>().RequireToken);
        await staging.StopAsync(TestContext.Current.CancellationToken);
        // RequireToken=false only concerns TCP peers: with the Unix socket alone it is no opening, and is accepted.
        await using var unixOnly = await StartAsync("Staging", new() { ["Relay:Agenkit:UnixSocket"] = unix, ["Relay:Agenkit:RequireToken"] = "false" });
        await unixOnly.StopAsync(TestContext.Current.CancellationToken);
        Directory.Delete(Path.GetDirectoryName(unix)!, recursive: true);
    }

    [Fact]
    public async Task Development_keeps_both_conveniences()
    {
        var url = LoopbackApps.NewUrl();
        await using var development = await StartAsync("Development", url, new()
        {
            ["Relay:Auth:AllowSharedKey"] = "true",
            ["Relay:Agenkit:TcpPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Relay:Agenkit:RequireToken"] = "false",
        });
        Assert.True(development.Services.GetRequiredService<RelayOptions>().Auth.AllowSharedKey);
        Assert.False(development.Services.GetRequiredService<AgenkitOptions>().RequireToken);
        var (status, _, _) = await RawUpgrade.SendAsync(url, "/v1/agent-socket", ("Sec-WebSocket-Protocol", "asp-v1"),
            ("Authorization", "Bearer " + PlatformFixture.SocketKey));
        Assert.Equal(101, status);
        await development.StopAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>A whole Relay in <paramref name="environment"/> on a free loopback port; a refused start disposes what it built.</summary>
    private static Task<WebApplication> StartAsync(string environment, Dictionary<string, string?> settings) =>
        StartAsync(environment, LoopbackApps.NewUrl(), settings);

    private static async Task<WebApplication> StartAsync(string environment, Uri url, Dictionary<string, string?> settings)
    {
        var config = new Dictionary<string, string?>(settings) { ["AgentPlatform:Keys:AgentSocket"] = PlatformFixture.SocketKey };
        WebApplication? app = null;
        try
        {
            // Settings are validated when the Relay is built or started, whichever reads them first.
            app = RelayApplication.Build(["--environment=" + environment], b => LoopbackApps.Configure(b, url, config));
            await app.StartAsync(TestContext.Current.CancellationToken);
            return app;
        }
        catch
        {
            if (app is not null) await app.DisposeAsync();
            throw;
        }
    }
}
