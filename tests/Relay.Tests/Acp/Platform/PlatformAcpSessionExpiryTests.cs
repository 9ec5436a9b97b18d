using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Acp;
using AgentPlatform.Relay.Acp.Agents.Platform;
using AgentPlatform.Relay.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AgentPlatform.Relay.Tests.Acp.Platform;

/// <summary>Sessions nobody owns are forgotten after an hour idle; owned ones are kept however long.</summary>
[Collection(PlatformGroup.Name)]
public sealed class PlatformAcpSessionExpiryTests(PlatformFixture platform)
{
    [Fact]
    public async Task An_unowned_session_idle_for_an_hour_is_swept_and_then_unknown()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var sessions = new PlatformAcpSessions(time);
        await using var relay = await platform.StartRelayAsync(configure: b =>
        {
            b.Services.AddSingleton(sessions);
            b.Services.AddAcpPlatformAgents();
        });
        await relay.WaitForAgentAsync("echo");
        var agent = relay.Get<PlatformAcpAgents>().Find("echo")!;
        Assert.Same(sessions, relay.Get<PlatformAcpSessions>());

        var first = await AcpSession.AttachAsync(agent, "c1");
        var owned = await first.NewSessionAsync();
        var left = await first.NewSessionAsync();
        await using var keeper = await AcpSession.AttachAsync(agent, "c2");
        Assert.True(await keeper.Attachment.AdoptSessionAsync(owned, CancellationToken.None));
        await first.DisposeAsync();

        time.Advance(PlatformAcpSessions.IdleExpiry - TimeSpan.FromMinutes(1));
        sessions.Sweep();
        Assert.Equal(2, sessions.Count);

        time.Advance(TimeSpan.FromMinutes(2));
        sessions.Sweep();
        Assert.Equal(1, sessions.Count);
        var (load, _) = await keeper.CallAsync(AcpMethods.SessionLoad, new JsonObject { ["sessionId"] = left, ["cwd"] = "/", ["mcpServers"] = new JsonArray() });
        Assert.Equal(JsonRpcErrorCodes.ResourceNotFound, (int)load.Error!["code"]!);

        // The owned one is kept however long its connection stays.
        time.Advance(TimeSpan.FromHours(5));
        sessions.Sweep();
        var (prompt, before) = await keeper.CallAsync(AcpMethods.SessionPrompt, AcpSession.Prompt(owned, "still here"));
        Assert.Equal("end_turn", (string)prompt.Result!["stopReason"]!);
        Assert.Equal(["still here"], AcpSession.AgentText(before));
    }
}
