using AgentPlatform.AgentChat.Tests.Infrastructure;
using AgentPlatform.TestSupport;

namespace AgentPlatform.AgentChat.Tests.Cli;

/// <summary>`agentchat serve` as a process: it listens on the port it was given, serves clients, and stops on SIGTERM.</summary>
public sealed class ServeProcessTests
{
    [Fact]
    public async Task Serve_listens_on_the_given_port_and_stops_cleanly_on_SIGTERM()
    {
        using var dir = new TempDir();
        var port = FreePort.Next();
        await using var serve = ToolProcess.Start(dir.Path, "serve", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-H", "127.0.0.1", "-n", "test-server", "--json");
        await serve.WaitForLineAsync(l => l.Contains("\"listening\"", StringComparison.Ordinal), TimeSpan.FromSeconds(60));

        await using (var client = await Client.AgentChat.AgentChatClient.ConnectAsync(new Uri($"ws://127.0.0.1:{port}"), new Client.AgentChat.AgentChatClientOptions { Name = "probe" }))
        {
            Assert.Equal("test-server", client.ServerName);
        }
        var channels = await CliRun.RunAsync(["channels", $"ws://127.0.0.1:{port}/agentchat", "--json"]);
        Assert.True(channels.ExitCode == 0, channels.ToString());

        serve.Terminate();
        Assert.Equal(0, await serve.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        // Structured JSON logs, on stderr, without message contents by default.
        Assert.Contains("\"Category\":\"AgentPlatform.Server.AgentChat", serve.Output, StringComparison.Ordinal);
    }
}
