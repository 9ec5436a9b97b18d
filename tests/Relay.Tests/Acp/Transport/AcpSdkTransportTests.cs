using System.Text.Json.Nodes;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Relay.Tests.Acp.Transport;

/// <summary>The peer that matters: the official ACP SDK's WebSocket and Streamable HTTP client transports (node).</summary>
public sealed class AcpSdkTransportTests
{
    [Fact]
    public async Task The_sdk_client_transports_initialize_prompt_answer_the_agent_and_see_replay_numbers()
    {
        await using var relay = await AcpRelay.StartAsync();
        var (code, output) = await NodeScript.RunAsync("tests/Relay.Tests/Acp/Transport/sdk-transports.mjs",
            [relay.Url.ToString().TrimEnd('/'), AcpRelay.Token], TimeSpan.FromSeconds(60));
        Assert.True(code == 0, output);
        string[] expected = ["response 0", "response 1", "session/update seq 1", "session/update seq 2", "response 2",
            "session/request_permission", "response 3", "test/answered"];
        foreach (var transport in new[] { "ws", "http" })
        {
            var line = output.Split('\n').Single(l => l.StartsWith(transport + " ", StringComparison.Ordinal));
            var result = JsonNode.Parse(line[(transport.Length + 1)..])!;
            Assert.True((bool?)result["replay"]!["agentplatform/replay"], transport);
            Assert.Equal(expected, result["seen"]!.AsArray().Select(n => (string?)n));
        }
        Assert.Equal(2, relay.Default.Attachments.Count);
    }
}
