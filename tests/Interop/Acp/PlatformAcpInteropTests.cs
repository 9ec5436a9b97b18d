namespace AgentPlatform.Interop.Acp;

/// <summary>The platform's own agents (Registry, relay mode through Functions) through the official SDK client over ACP.</summary>
public sealed class PlatformAcpInteropTests(PlatformAcpHosts platform) : IClassFixture<PlatformAcpHosts>
{
    [Theory]
    [InlineData("ws")]
    [InlineData("http")]
    public async Task Echo_conversation_and_tools_answer_the_sdk_client(string transport)
    {
        var output = await platform.RunScriptAsync("platform.mjs", TimeSpan.FromSeconds(90), "--transport", transport);
        Assert.Contains($"PASS [{transport}] conversation: continues after load on a new connection", output, StringComparison.Ordinal);
        Assert.Contains($"PASS [{transport}] tools: the free-text reply reaches the agent", output, StringComparison.Ordinal);
    }
}
