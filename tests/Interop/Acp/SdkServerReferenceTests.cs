namespace AgentPlatform.Interop.Acp;

/// <summary>
/// The raw-wire scripts run against the SDK's own AcpServer as well as the Relay: they pass on both, so the statuses,
/// close codes and error bodies they hold the Relay to are the SDK's, not our reading of the RFD.
/// </summary>
public sealed class SdkServerReferenceTests(SdkServerHost sdk) : IClassFixture<SdkServerHost>
{
    [Fact]
    public async Task Malformed_input_expectations_are_the_sdk_servers()
    {
        var output = await sdk.RunScriptAsync("malformed.mjs", TimeSpan.FromSeconds(60));
        Assert.Contains("PASS batch → -32600 id null", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Streamable_http_expectations_are_the_sdk_servers()
    {
        var output = await sdk.RunScriptAsync("http-raw.mjs", TimeSpan.FromSeconds(60));
        Assert.Contains("PASS a second receiver on the connection stream → 409", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Core_flows_but_cross_connection_load_hold_on_the_sdk_server_over_websocket()
    {
        // The SDK server starts one agent per connection, so session/load on a new connection cannot find the
        // session there: the script's load checks are the Relay's multiplexing, everything before them is shared.
        var (code, output) = await AgentPlatform.TestSupport.NodeScript.RunAsync("tests/Interop/node/acp/core.mjs",
            ["--url", sdk.AcpUrl, "--token", SdkServerHost.Token], TimeSpan.FromSeconds(90));
        TestContext.Current.TestOutputHelper?.WriteLine(output);
        Assert.NotEqual(0, code);
        Assert.Contains("PASS [ws] cancel ends the prompt with stopReason cancelled", output, StringComparison.Ordinal);
        Assert.Contains("FAIL [ws] session/load on a new connection succeeds", output, StringComparison.Ordinal);
        var beforeLoad = output[..output.IndexOf("FAIL [ws] session/load", StringComparison.Ordinal)];
        Assert.DoesNotContain("FAIL ", beforeLoad, StringComparison.Ordinal);
    }
}
