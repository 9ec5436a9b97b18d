using System.Globalization;
using AgentPlatform.Client.Agenkit;
using AgentPlatform.Client.Auth;
using AgentPlatform.Functions.Agents;
using AgentPlatform.Protocol.Agenkit;
using AgentPlatform.Relay;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Client.Tests.Agenkit;

/// <summary>RemoteAgent and LocalAgent's registration carrying platform access tokens to a Production Relay's agenkit TCP listener.</summary>
public sealed class AccessTokenTests
{
    private const string Key = "agenkit-token-key";

    [Fact]
    public async Task A_production_relay_serves_a_RemoteAgent_with_a_token_and_refuses_one_without()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var apps = new LoopbackApps("agenkit-auth");
        var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        // Production: Relay:Agenkit:RequireToken defaults to true and the key itself is no token.
        await apps.StartAsync((_, c) => RelayApplication.Build(["--environment=Production"], c), LoopbackApps.NewUrl(), new()
        {
            ["AgentPlatform:Keys:AgentSocket"] = Key,
            ["Relay:Agenkit:TcpPort"] = port,
        });
        var relay = "tcp://127.0.0.1:" + port;

        // LocalAgent registers its echo agent through the Relay with a fresh agent.provide.echo token per frame.
        var provider = await AgenkitHosts.StartAsync("unix", [new EchoAgent()], o =>
        {
            o.Registry = relay;
            o.RegistryAccessToken = () => AccessTokens.Create(Key, "provider", [AccessTokens.ProvideRole("echo")], TimeSpan.FromMinutes(15));
        });
        try
        {
            await using (var anonymous = new RemoteAgent("echo", relay, new RemoteAgentOptions { MaxAttempts = 1 }))
            {
                var refused = await Assert.ThrowsAsync<AgenkitRemoteException>(() => anonymous.ProcessAsync("hi", ct));
                Assert.Equal("UNAUTHORIZED", refused.Code);
                Assert.False(refused.Retryable);
            }

            var token = AccessTokens.Create(Key, "bob", [AccessTokens.InvokeRole("echo")], TimeSpan.FromMinutes(5));
            await using var remote = new RemoteAgent("echo", relay, new RemoteAgentOptions { AccessToken = token, MaxAttempts = 1 });
            var answer = await remote.ProcessAsync("hello over tcp", ct);
            Assert.Contains("hello over tcp", answer.ContentText, StringComparison.Ordinal);

            await using var other = new RemoteAgent("someone-else", relay, new RemoteAgentOptions { AccessToken = token, MaxAttempts = 1 });
            var forbidden = await Assert.ThrowsAsync<AgenkitRemoteException>(() => other.ProcessAsync("hi", ct));
            Assert.Equal("FORBIDDEN", forbidden.Code);
        }
        finally
        {
            await provider.DisposeAsync();
            AgenkitHosts.RemoveFolderOf(provider.Endpoint.ToString());
        }
    }

    [Fact]
    public void The_token_goes_into_the_message_metadata_of_a_request_and_the_payload_metadata_otherwise_leaving_the_original_untouched()
    {
        var request = AgenkitEnvelope.ForRequest("r1", AgenkitMethods.Process, "echo", new AgenkitMessage("user", System.Text.Json.Nodes.JsonValue.Create("x"), [], ""));
        var sent = AgenkitTokenField.With(request, "tok");
        Assert.Equal("Bearer tok", sent.Payload["message"]!["metadata"]!["authorization"]!.GetValue<string>());
        Assert.False(request.Payload["message"]!["metadata"]!.AsObject().ContainsKey("authorization"));
        var heartbeat = AgenkitTokenField.With(AgenkitEnvelope.Create(AgenkitMessageType.Heartbeat, "h1", new AgenkitHeartbeat("echo", "healthy").ToPayload()), "tok");
        Assert.Equal("Bearer tok", heartbeat.Payload["metadata"]!["authorization"]!.GetValue<string>());
    }
}
