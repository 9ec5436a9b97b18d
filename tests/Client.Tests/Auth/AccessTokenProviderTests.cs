using AgentPlatform.Client.AgentSocket;
using AgentPlatform.Client.Auth;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Relay;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Client.Tests.Auth;

/// <summary>
/// A long-lived client outlives its short-lived token: <see cref="AgentSocketClientOptions.AccessTokenProvider"/> is
/// asked before every connect and reconnect, and the token it gives is the one presented (a production Relay, where
/// only tokens get in).
/// </summary>
public sealed class AccessTokenProviderTests
{
    private const string Key = "token-provider-key";

    [Fact]
    public async Task Every_reconnect_presents_a_token_fresh_from_the_provider()
    {
        await using var apps = new LoopbackApps("token-provider");
        var relay = LoopbackApps.NewUrl();
        await apps.StartAsync((_, c) => RelayApplication.Build(["--environment=Production"], c), relay, new() { ["AgentPlatform:Keys:AgentSocket"] = Key });
        var socket = new Uri(relay.ToString().Replace("http://", "ws://", StringComparison.Ordinal) + "v1/agent-socket");
        var ct = TestContext.Current.CancellationToken;
        var calls = 0;
        await using var client = await AgentSocketClient.ConnectAsync(socket, new AgentSocketClientOptions
        {
            // Two good tokens (connect, first reconnect), then one signed with another key.
            AccessTokenProvider = _ => ValueTask.FromResult<string?>(AccessTokens.Create(Interlocked.Increment(ref calls) <= 2 ? Key : "not-the-key",
                "alice", [AccessTokens.InvokeRole()], TimeSpan.FromMinutes(5))),
            ReconnectDelays = [TimeSpan.Zero],
            MaxReconnectAttempts = 3,
        }, ct);
        var session = client.SessionId;
        Assert.Equal(1, calls);

        client.AbortConnection();
        await Eventually.TrueAsync(() => client.Reconnects == 1, TimeSpan.FromSeconds(10), "resumed with the second token");
        Assert.Equal((2, session), (calls, client.SessionId));

        client.AbortConnection();
        await Eventually.TrueAsync(() => Volatile.Read(ref calls) == 3, TimeSpan.FromSeconds(10), "asked for a third token");
        // The forged third token is refused for good: no retry with it, and the client says why.
        var refused = await Assert.ThrowsAsync<AgentSocketException>(() => client.InvokeAllAsync("echo", MsgPackValue.Nil, ct).WaitAsync(TimeSpan.FromSeconds(20), ct));
        Assert.Equal((1, 3), (client.Reconnects, calls));
        Assert.Contains("signature", refused.Message + " " + refused.InnerException?.Message, StringComparison.Ordinal);
    }
}
