using AgentPlatform.Client.Auth;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Relay.Tests.Infrastructure;

namespace AgentPlatform.Relay.Tests.Auth;

/// <summary>
/// A reliable session is bound to the user who opened it: its resume token with another user's credential is
/// FORBIDDEN and changes nothing (the owner still resumes with the token it holds); the development key is its own
/// user and may not resume a token holder's session either.
/// </summary>
[Collection(PlatformGroup.Name)]
public sealed class ResumeIdentityTests(PlatformFixture platform)
{
    private static readonly string[] Reliable = [AspCapabilities.Reliable, AspCapabilities.Stream];

    private static string Token(string user) =>
        AccessTokens.Create(PlatformFixture.SocketKey, user, ["agent.invoke"], TimeSpan.FromMinutes(5));

    [Fact]
    public async Task Another_users_credential_cannot_resume_a_session_and_the_owner_still_can()
    {
        await using var relay = await platform.StartRelayAsync(new() { ["Relay:Auth:AllowSharedKey"] = "false" });
        var client = await AspTestClient.ConnectAsync(relay.Url, Token("alice"));
        var hello = await client.HelloAsync(Reliable);
        client.Socket.Abort();
        client.Socket.Dispose();

        await using (var thief = await AspTestClient.ConnectAsync(relay.Url, Token("mallory")))
        {
            await thief.SendAsync(new ClientHelloFrame(1, Reliable) { Resume = hello.ResumeToken, LastSeq = 0 });
            var frames = await thief.ReadUntilClosedAsync(TimeSpan.FromSeconds(10));
            var refusal = Assert.IsType<ErrorFrame>(Assert.Single(frames));
            Assert.Equal(AspErrorCodes.Forbidden, refusal.Code);
            Assert.DoesNotContain(hello.ResumeToken, refusal.Message, StringComparison.Ordinal);
        }

        await using var owner = await AspTestClient.ConnectAsync(relay.Url, Token("alice"));
        var resumed = await owner.HelloAsync(Reliable, resume: hello.ResumeToken, lastSeq: 0);
        Assert.Equal(hello.Session, resumed.Session);
    }

    [Fact]
    public async Task The_development_key_is_its_own_user_and_cannot_resume_a_token_holders_session()
    {
        // Development: the shared key is accepted, as the development user.
        await using var relay = await platform.StartRelayAsync();
        var client = await AspTestClient.ConnectAsync(relay.Url, Token("alice"));
        var hello = await client.HelloAsync(Reliable);
        client.Socket.Abort();
        client.Socket.Dispose();

        await using (var keyHolder = await AspTestClient.ConnectAsync(relay.Url, PlatformFixture.SocketKey))
        {
            await keyHolder.SendAsync(new ClientHelloFrame(1, Reliable) { Resume = hello.ResumeToken, LastSeq = 0 });
            var frames = await keyHolder.ReadUntilClosedAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(AspErrorCodes.Forbidden, Assert.IsType<ErrorFrame>(Assert.Single(frames)).Code);
        }
        await using var keySession = await AspTestClient.ConnectAsync(relay.Url, PlatformFixture.SocketKey);
        var own = await keySession.HelloAsync(Reliable);
        keySession.Socket.Abort();
        await using var again = await AspTestClient.ConnectAsync(relay.Url, PlatformFixture.SocketKey);
        Assert.Equal(own.Session, (await again.HelloAsync(Reliable, resume: own.ResumeToken, lastSeq: 0)).Session);
    }
}
