using System.Text.Json.Nodes;
using AgentPlatform.Cli;
using AgentPlatform.Cli.Commands;
using AgentPlatform.Protocol.Auth;
using AgentPlatform.Relay;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Client.Tests.Auth;

public sealed class TokenCommandTests : IDisposable
{
    private const string Key = "cli-token-key";
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "cli-token-" + Guid.NewGuid().ToString("N")[..8]);

    public TokenCommandTests()
    {
        Directory.CreateDirectory(_dataDir);
        var endpoints = new JsonObject { ["agentSocket"] = new JsonObject { ["url"] = "ws://127.0.0.1:1/v1/agent-socket", ["token"] = Key } };
        File.WriteAllText(Path.Combine(_dataDir, "endpoints.json"), endpoints.ToJsonString());
    }

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public async Task Mints_locally_from_the_key_in_endpoints_json()
    {
        var (code, output, error) = await RunAsync("token", "--user", "alice", "--role", "agent.invoke", "--role", "agent.provide.echo", "--ttl", "2h", "--data-dir", _dataDir);
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.True(PlatformAccessToken.TryValidate(output.Trim(), [Key], DateTimeOffset.UtcNow, out var claims, out var reason), reason);
        Assert.Equal("alice", claims.UserId);
        Assert.Equal(["agent.invoke", "agent.provide.echo"], claims.Roles);
        Assert.InRange(claims.Expires - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(119), TimeSpan.FromMinutes(121));
    }

    [Theory]
    [InlineData("0m")]
    [InlineData("25h")]
    [InlineData("1d")]
    [InlineData("soon")]
    [InlineData("-5m")]
    public async Task A_bad_ttl_exits_64_and_says_what_is_allowed(string ttl)
    {
        var (code, output, error) = await RunAsync("token", "--user", "a", "--ttl", ttl, "--data-dir", _dataDir);
        Assert.Equal(64, code);
        Assert.Equal("", output);
        Assert.Contains("--ttl", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_key_it_says_where_it_looked()
    {
        var empty = Path.Combine(_dataDir, "empty");
        Directory.CreateDirectory(empty);
        var (code, _, error) = await RunAsync("token", "--user", "a", "--data-dir", empty);
        Assert.Equal(64, code);
        Assert.Contains("endpoints.json", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Asks_the_relay_when_given_relay_and_key()
    {
        await using var apps = new LoopbackApps("auth");
        var relay = LoopbackApps.NewUrl();
        await apps.StartAsync(RelayApplication.Build, relay, new() { ["AgentPlatform:Keys:AgentSocket"] = Key });
        var (code, output, error) = await RunAsync("token", "--user", "bob", "--role", "agent.invoke.echo", "--ttl", "5m", "--relay", relay.ToString(), "--key", Key);
        Assert.Equal(0, code);
        Assert.True(PlatformAccessToken.TryValidate(output.Trim(), [Key], DateTimeOffset.UtcNow, out var claims, out var reason), reason + error);
        Assert.Equal(("bob", "agent.invoke.echo"), (claims.UserId, Assert.Single(claims.Roles)));

        var (refused, _, why) = await RunAsync("token", "--user", "bob", "--relay", relay.ToString(), "--key", "wrong");
        Assert.Equal(1, refused);
        Assert.Contains("401", why, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("15m", 900)]
    [InlineData("15", 900)]
    [InlineData("24h", 86400)]
    public void Parses_lifetimes(string text, int seconds)
    {
        Assert.True(TokenCommand.TryParseLifetime(text, out var lifetime));
        Assert.Equal(TimeSpan.FromSeconds(seconds), lifetime);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApplication.RunAsync(args, output, error, TextReader.Null, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }
}
