using AgentPlatform.Client.Auth;
using AgentPlatform.Protocol.Auth;

namespace AgentPlatform.Client.Tests.Auth;

public sealed class AccessTokensTests
{
    [Fact]
    public void A_minted_token_says_who_what_and_until_when()
    {
        var time = new FixedTime(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        var token = AccessTokens.Create("key", "alice", [AccessTokens.InvokeRole("echo"), AccessTokens.ProvideRole(null)], TimeSpan.FromMinutes(10), time);
        Assert.True(PlatformAccessToken.TryValidate(token, ["key"], time.GetUtcNow(), out var claims, out var error), error);
        Assert.Equal("alice", claims.UserId);
        Assert.Equal(["agent.invoke.echo", "agent.provide"], claims.Roles);
        Assert.Equal(time.GetUtcNow().AddMinutes(10), claims.Expires);
        Assert.False(PlatformAccessToken.TryValidate(token, ["other"], time.GetUtcNow(), out _, out _));
        Assert.Equal("agent.invoke", AccessTokens.InvokeRole());
    }

    [Fact]
    public void Lifetimes_are_bounded()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AccessTokens.Create("key", "a", [], TimeSpan.FromHours(25)));
        Assert.Throws<ArgumentOutOfRangeException>(() => AccessTokens.Create("key", "a", [], TimeSpan.FromSeconds(-1)));
        Assert.Equal(TimeSpan.FromHours(24), AccessTokens.MaxLifetime);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
