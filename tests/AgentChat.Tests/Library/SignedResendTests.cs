using AgentPlatform.AgentChat.Tests.Infrastructure;
using AgentPlatform.Client.AgentChat;

namespace AgentPlatform.AgentChat.Tests.Library;

/// <summary>
/// A resend of an unconfirmed line (the daemon after a dropped connection) keeps its first <c>ts</c>: both copies are
/// the same signed message, so a receiver de-duplicates them on <c>(from, ts, sig)</c> as the protocol asks.
/// </summary>
public sealed class SignedResendTests
{
    [Fact]
    public async Task A_message_sent_twice_with_one_ts_reaches_the_listener_as_the_same_signed_message()
    {
        await using var server = await ChatServer.StartAsync();
        var identity = AgentChatIdentity.Generate("resender");
        await using var sender = await Agents.ConnectAsync(server, "resender", identity);
        await using var listener = await Agents.ConnectAsync(server, "listener");
        await sender.JoinAsync("#general");
        await listener.JoinAsync("#general");

        const long Ts = 1_700_000_000_123;
        await sender.SendConfirmedAsync("#general", "line 7", Ts);
        await sender.SendConfirmedAsync("#general", "line 7", Ts);
        var first = await listener.NextAsync(f => f.Type() == "MSG" && f.Text("content") == "line 7");
        var second = await listener.NextAsync(f => f.Type() == "MSG" && f.Text("content") == "line 7");

        Assert.Equal(Ts, (long)first.Number("ts")!.Value);
        Assert.Equal(first.Text("sig"), second.Text("sig"));
        Assert.Equal(first.Number("ts"), second.Number("ts"));
        Assert.Equal(first.Text("from"), second.Text("from"));
        // Without a ts the client stamps the current time: a later message is a different signed message.
        var fresh = sender.BuildMessage("#general", "line 7");
        Assert.NotEqual(first.Text("sig"), fresh.Text("sig"));
    }
}
