using System.Text.Json.Nodes;

namespace AgentPlatform.Server.UnitTests.AgentChat;

/// <summary>JOIN/LEAVE/LIST/CREATE/INVITE and the channel side of MSG, over real sockets.</summary>
public sealed class ChannelTests
{
    [Fact]
    public async Task Joining_needs_an_identity_and_an_existing_channel()
    {
        await using var server = await ChatServer.StartAsync();
        await using var a = await server.ConnectAsync();
        await a.SendAsync(new JsonObject { ["type"] = "JOIN", ["channel"] = "#general" });
        await a.ExpectErrorAsync("AUTH_REQUIRED");
        await a.IdentifyAsync("alice");
        await a.SendAsync(new JsonObject { ["type"] = "JOIN", ["channel"] = "#nowhere" });
        await a.ExpectErrorAsync("CHANNEL_NOT_FOUND");
        var joined = await a.JoinAsync("#general");
        Assert.Equal("#general", (string?)joined["channel"]);
        Assert.Equal([a.AgentId], joined["agents"]!.AsArray().Select(n => (string?)n));
    }

    [Fact]
    public async Task Members_hear_joins_leaves_and_disconnects()
    {
        await using var server = await ChatServer.StartAsync();
        await using var a = await server.IdentifiedAsync("alice");
        await a.JoinAsync("#agents");
        var b = await server.IdentifiedAsync("bob");
        var joined = await b.JoinAsync("#agents");
        Assert.Equal([a.AgentId, b.AgentId], joined["agents"]!.AsArray().Select(n => (string?)n));
        var seen = await a.ExpectAsync("AGENT_JOINED");
        Assert.Equal("#agents", (string?)seen["channel"]);
        Assert.Equal(b.AgentId, (string?)seen["agent"]);

        await b.SendAsync(new JsonObject { ["type"] = "LEAVE", ["channel"] = "#agents" });
        var left = await b.ExpectAsync("LEFT");
        Assert.Equal("#agents", (string?)left["channel"]);
        Assert.Equal(b.AgentId, (string?)(await a.ExpectAsync("AGENT_LEFT"))["agent"]);

        await b.JoinAsync("#agents");
        await a.ExpectAsync("AGENT_JOINED");
        await b.DisposeAsync();
        var gone = await a.ExpectAsync("AGENT_LEFT");
        Assert.Equal(b.AgentId, (string?)gone["agent"]);
    }

    [Fact]
    public async Task Channel_messages_reach_every_member_including_the_sender_and_not_outsiders()
    {
        await using var server = await ChatServer.StartAsync();
        await using var a = await server.IdentifiedAsync("alice");
        await using var b = await server.IdentifiedAsync("bob");
        await using var outsider = await server.IdentifiedAsync("eve");
        await a.JoinAsync("#general");
        await b.JoinAsync("#general");
        await a.ExpectAsync("AGENT_JOINED");
        await a.SendAsync(new JsonObject { ["type"] = "MSG", ["to"] = "#general", ["content"] = "hello héllo 👋" });
        foreach (var member in new[] { a, b })
        {
            var msg = await member.ExpectAsync("MSG");
            Assert.Equal(a.AgentId, (string?)msg["from"]);
            Assert.Equal("#general", (string?)msg["to"]);
            Assert.Equal("hello héllo 👋", (string?)msg["content"]);
            Assert.Null(msg["replay"]);
        }
        await outsider.SendAsync(new JsonObject { ["type"] = "MSG", ["to"] = "#general", ["content"] = "let me in" });
        await outsider.ExpectErrorAsync("NOT_INVITED");
        await outsider.SendAsync(new JsonObject { ["type"] = "MSG", ["to"] = "#nope", ["content"] = "x" });
        await outsider.ExpectErrorAsync("CHANNEL_NOT_FOUND");
        await b.ExpectSilenceAsync();
    }

    [Fact]
    public async Task A_joiner_gets_the_last_twenty_messages_marked_replay()
    {
        await using var server = await ChatServer.StartAsync(new() { ["AgentChat:RateLimit:Enabled"] = "false" });
        await using var a = await server.IdentifiedAsync("alice");
        await a.JoinAsync("#general");
        for (var i = 0; i < 25; i++)
        {
            await a.SendAsync(new JsonObject { ["type"] = "MSG", ["to"] = "#general", ["content"] = "m" + i });
            await a.ExpectAsync("MSG");
        }
        await using var b = await server.IdentifiedAsync("bob");
        await b.JoinAsync("#general");
        for (var i = 5; i < 25; i++)
        {
            var replay = await b.ExpectAsync("MSG");
            Assert.Equal("m" + i, (string?)replay["content"]);
            Assert.True((bool?)replay["replay"]);
            Assert.Equal(a.AgentId, (string?)replay["from"]);
        }
        await b.ExpectSilenceAsync();
    }

    [Fact]
    public async Task Listing_hides_invite_only_channels_and_lists_members()
    {
        await using var server = await ChatServer.StartAsync();
        await using var a = await server.IdentifiedAsync("alice");
        await a.JoinAsync("#general");
        await a.SendAsync(new JsonObject { ["type"] = "CREATE_CHANNEL", ["channel"] = "#secret", ["invite_only"] = true });
        await a.ExpectAsync("JOINED");
        await a.SendAsync(new JsonObject { ["type"] = "CREATE_CHANNEL", ["channel"] = "#open" });
        await a.ExpectAsync("JOINED");
        await using var anonymous = await server.ConnectAsync();
        await anonymous.SendAsync(new JsonObject { ["type"] = "LIST_CHANNELS" });
        var channels = await anonymous.ExpectAsync("CHANNELS");
        var list = channels["list"]!.AsArray().Select(c => ((string?)c!["name"], (int?)c["agents"])).ToList();
        Assert.Equal([("#general", 1), ("#agents", 0), ("#open", 1)], list);
        await anonymous.SendAsync(new JsonObject { ["type"] = "LIST_AGENTS", ["channel"] = "#general" });
        var agents = await anonymous.ExpectAsync("AGENTS");
        Assert.Equal("#general", (string?)agents["channel"]);
        Assert.Equal([a.AgentId], agents["list"]!.AsArray().Select(n => (string?)n));
        await anonymous.SendAsync(new JsonObject { ["type"] = "LIST_AGENTS", ["channel"] = "#missing" });
        await anonymous.ExpectErrorAsync("CHANNEL_NOT_FOUND");
        await anonymous.SendAsync(new JsonObject { ["type"] = "LIST_AGENTS", ["channel"] = "#secret" });
        await anonymous.ExpectErrorAsync("NOT_INVITED");
    }

    [Fact]
    public async Task Invite_only_channels_admit_the_invited()
    {
        await using var server = await ChatServer.StartAsync();
        await using var a = await server.IdentifiedAsync("alice");
        await using var b = await server.IdentifiedAsync("bob");
        await a.SendAsync(new JsonObject { ["type"] = "CREATE_CHANNEL", ["channel"] = "#private", ["invite_only"] = true });
        var joined = await a.ExpectAsync("JOINED");
        Assert.Equal([a.AgentId], joined["agents"]!.AsArray().Select(n => (string?)n));
        await a.SendAsync(new JsonObject { ["type"] = "CREATE_CHANNEL", ["channel"] = "#private" });
        await a.ExpectErrorAsync("CHANNEL_EXISTS");
        await b.SendAsync(new JsonObject { ["type"] = "JOIN", ["channel"] = "#private" });
        await b.ExpectErrorAsync("NOT_INVITED");
        await b.SendAsync(new JsonObject { ["type"] = "INVITE", ["channel"] = "#private", ["agent"] = b.AgentId });
        await b.ExpectErrorAsync("NOT_INVITED");
        await a.SendAsync(new JsonObject { ["type"] = "INVITE", ["channel"] = "#private", ["agent"] = b.AgentId });
        var notice = await b.ExpectAsync("MSG");
        Assert.Equal(a.AgentId, (string?)notice["from"]);
        Assert.Equal(b.AgentId, (string?)notice["to"]);
        Assert.Equal("You have been invited to #private", (string?)notice["content"]);
        await b.JoinAsync("#private");
        Assert.Equal(b.AgentId, (string?)(await a.ExpectAsync("AGENT_JOINED"))["agent"]);
    }

    [Fact]
    public async Task Invitations_are_capped_per_invite_only_channel()
    {
        await using var server = await ChatServer.StartAsync(new() { ["AgentChat:MaxInvitesPerChannel"] = "2" });
        await using var a = await server.IdentifiedAsync("alice");
        await a.SendAsync(new JsonObject { ["type"] = "CREATE_CHANNEL", ["channel"] = "#club", ["invite_only"] = true });
        await a.ExpectAsync("JOINED");
        // The creator is the first invitation; one more fits, the third is refused.
        await a.SendAsync(new JsonObject { ["type"] = "INVITE", ["channel"] = "#club", ["agent"] = "@aaaaaaaa" });
        await a.SendAsync(new JsonObject { ["type"] = "PING" });
        await a.ExpectAsync("PONG");
        await a.SendAsync(new JsonObject { ["type"] = "INVITE", ["channel"] = "#club", ["agent"] = "@bbbbbbbb" });
        Assert.Contains("Too many invitations", (string?)(await a.ExpectErrorAsync("INVALID_MSG"))["message"], StringComparison.Ordinal);
        // On a public channel an INVITE is not recorded, so it is never refused for the cap.
        await a.JoinAsync("#general");
        for (var i = 0; i < 3; i++) await a.SendAsync(new JsonObject { ["type"] = "INVITE", ["channel"] = "#general", ["agent"] = $"@{i}bbbbbbb" });
        await a.SendAsync(new JsonObject { ["type"] = "PING" });
        await a.ExpectAsync("PONG");
    }

    [Fact]
    public async Task Ping_is_answered_with_pong_without_an_identity()
    {
        await using var server = await ChatServer.StartAsync();
        await using var a = await server.ConnectAsync();
        await a.SendAsync(new JsonObject { ["type"] = "PING" });
        await a.ExpectAsync("PONG");
    }
}
