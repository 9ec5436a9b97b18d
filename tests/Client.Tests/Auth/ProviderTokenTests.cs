using AgentPlatform.AgentHost.Provider;
using AgentPlatform.Agents;
using AgentPlatform.Client.AgentSocket;
using AgentPlatform.Client.Auth;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Relay;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Client.Tests.Auth;

public sealed class ProviderTokenTests
{
    private const string Key = "provider-token-key";

    [Fact]
    public async Task A_provider_given_the_key_mints_its_own_token_and_serves_on_a_production_relay()
    {
        await using var apps = new LoopbackApps("auth");
        var relay = LoopbackApps.NewUrl();
        // Production: the key itself is refused on the socket; only tokens get in.
        await apps.StartAsync((_, c) => RelayApplication.Build(["--environment=Production"], c), relay, new() { ["AgentPlatform:Keys:AgentSocket"] = Key });
        var socket = new Uri(relay.ToString().Replace("http://", "ws://", StringComparison.Ordinal) + "v1/agent-socket");
        var ct = TestContext.Current.CancellationToken;

        await Assert.ThrowsAnyAsync<Exception>(() => AgentProvider.ConnectAsync(socket, [new Upper()], new AgentProviderOptions { Token = Key }, ct));
        await using var provider = await AgentProvider.ConnectAsync(socket, [new Upper()], new AgentProviderOptions { AccessKey = Key }, ct);

        var token = AccessTokens.Create(Key, "user-1", [AccessTokens.InvokeRole(Upper.AgentName)], TimeSpan.FromMinutes(5));
        await using var client = await AgentSocketClient.ConnectAsync(socket, new AgentSocketClientOptions { Token = token, AutoReconnect = false }, ct);
        string? answer = null;
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                var events = await client.InvokeAllAsync(Upper.AgentName, MsgPackValue.From("hi"), ct);
                answer = events.OfType<CompleteEvent>().Single().Result?.AsString();
                return true;
            }
            catch (AgentSocketException ex) when (ex.Code == "UNKNOWN_AGENT")
            {
                return false;
            }
        }, TimeSpan.FromSeconds(15), "the provider's agent answers");
        Assert.Equal("HI", answer);

        var other = await Assert.ThrowsAsync<AgentSocketException>(() => client.InvokeAllAsync("someone-else", MsgPackValue.Nil, ct));
        Assert.Equal(("FORBIDDEN", false), (other.Code, other.Retryable));
    }

    private sealed class Upper : IAgent
    {
        public const string AgentName = "auth-upper";

        public string Name => AgentName;

        public AgentDescriptor Describe() => new() { Name = AgentName, Description = "Upper-cases its input." };

        public ValueTask<MsgPackValue?> InvokeAsync(AgentInvocation invocation, CancellationToken cancellationToken) =>
            ValueTask.FromResult<MsgPackValue?>(MsgPackValue.From(invocation.Input.AsString().ToUpperInvariant()));
    }
}
