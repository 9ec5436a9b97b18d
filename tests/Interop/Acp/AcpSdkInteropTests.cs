namespace AgentPlatform.Interop.Acp;

/// <summary>
/// The official ACP TypeScript SDK's clients (experimental/ws-client and experimental/http-client under acp.client)
/// against the Relay's ACP endpoint with a stdio agent shared by every client: the core flows on both transports,
/// many clients at once, malformed input, auth, and the Relay's replay extension.
/// </summary>
public sealed class AcpSdkInteropTests(AcpRelayHost relay) : IClassFixture<AcpRelayHost>
{
    [Theory]
    [InlineData("ws")]
    [InlineData("http")]
    public async Task Sdk_client_initializes_prompts_streams_routes_agent_requests_cancels_and_reloads(string transport)
    {
        var output = await relay.RunScriptAsync("core.mjs", TimeSpan.FromSeconds(90), "--transport", transport);
        Assert.Contains($"PASS [{transport}] permission request reaches only the session's owner (bob)", output, StringComparison.Ordinal);
        Assert.Contains($"PASS [{transport}] load replays the agent's history before answering", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ws")]
    [InlineData("http")]
    public async Task Twenty_sdk_clients_on_one_agent_see_only_their_own_sessions(string transport)
    {
        var output = await relay.RunScriptAsync("concurrent.mjs", TimeSpan.FromSeconds(120), "--transport", transport, "--clients", "20", "--chunks", "25");
        Assert.Contains($"PASS [{transport}] no client received another session's chunk", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_input_gets_the_sdk_servers_answers_and_keeps_the_socket_where_it_should()
    {
        var output = await relay.RunScriptAsync("malformed.mjs", TimeSpan.FromSeconds(60));
        Assert.Contains("PASS first message not initialize → close 1002", output, StringComparison.Ordinal);
        Assert.Contains("PASS parse error after initialize → -32700, socket kept", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Streamable_http_answers_every_status_of_the_sdk_server()
    {
        var output = await relay.RunScriptAsync("http-raw.mjs", TimeSpan.FromSeconds(60));
        Assert.Contains("PASS updates queued before the receiver attached arrive on the session stream, before the response", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_is_required_on_upgrade_and_post_and_accepted_as_header_query_or_subprotocol()
    {
        var output = await relay.RunScriptAsync("auth.mjs", TimeSpan.FromSeconds(60));
        Assert.Contains("PASS no token → 401 on POST", output, StringComparison.Ordinal);
        Assert.Contains("PASS token as subprotocol: SDK client initializes and prompts", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_extension_resumes_a_dropped_session_with_the_same_sequence_numbers()
    {
        var output = await relay.RunScriptAsync("replay.mjs", TimeSpan.FromSeconds(60));
        Assert.Contains("PASS no gap or duplicate across replay and live", output, StringComparison.Ordinal);
    }
}
