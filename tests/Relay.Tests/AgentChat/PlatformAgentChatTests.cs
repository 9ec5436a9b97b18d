using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentPlatform.Client.Auth;
using AgentPlatform.Relay.Tests.Infrastructure;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Relay.Tests.AgentChat;

/// <summary>The Relay's /agentchat with the real Registry and Functions: platform agents as AgentChat members, connections in the admin API.</summary>
[Collection(PlatformGroup.Name)]
public sealed class PlatformAgentChatTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_DM_to_a_platform_agent_is_an_invocation_whose_chunks_come_back_as_DMs()
    {
        await using var relay = await platform.StartRelayAsync();
        await relay.WaitForAgentAsync("echo");
        await relay.WaitForAgentAsync("ticker");
        await using var chat = await ChatSocket.IdentifiedAsync(relay.Url, "alice");

        await chat.DmAsync("@echo", "hello platform");
        var echoed = await chat.ExpectAsync("MSG");
        Assert.Equal(chat.AgentId, (string?)echoed["from"]);
        Assert.Equal("@echo", (string?)echoed["to"]);
        var answer = await chat.DmFromAsync("@echo");
        Assert.Equal(chat.AgentId, (string?)answer["to"]);
        Assert.Equal("hello platform", (string?)answer["content"]);

        // ticker streams 0, 1, 2 (a string input gives its defaults): one DM per chunk, in order.
        await chat.DmAsync("@ticker", "go");
        var ticks = new List<string?>();
        for (var i = 0; i < 3; i++) ticks.Add((string?)(await chat.DmFromAsync("@ticker"))["content"]);
        Assert.Equal(["0", "1", "2"], ticks);
    }

    [Fact]
    public async Task Without_the_agent_socket_token_chat_works_but_a_DM_to_a_platform_agent_is_AUTH_REQUIRED()
    {
        await using var relay = await platform.StartRelayAsync();
        await relay.WaitForAgentAsync("echo");
        await using var anonymous = await ChatSocket.IdentifiedAsync(relay.Url, "anon", anonymous: true);
        await anonymous.DmAsync("@echo", "run for free");
        var error = await anonymous.ExpectAsync("ERROR");
        Assert.Equal("AUTH_REQUIRED", (string?)error["code"]);
        Assert.Contains("token", (string?)error["message"], StringComparison.Ordinal);
        // Chat between connected agents stays open to seed-era clients.
        await using var keyed = await ChatSocket.IdentifiedAsync(relay.Url, "member");
        await anonymous.DmAsync(keyed.AgentId!, "hello");
        Assert.Equal("hello", (string?)(await keyed.ExpectAsync("MSG"))["content"]);
    }

    [Fact]
    public async Task A_token_for_one_agent_may_DM_that_agent_and_no_other()
    {
        await using var relay = await platform.StartRelayAsync();
        await relay.WaitForAgentAsync("echo");
        await relay.WaitForAgentAsync("ticker");
        var token = AccessTokens.Create(PlatformFixture.SocketKey, "bob", [AccessTokens.InvokeRole("echo")], TimeSpan.FromMinutes(5));
        await using var chat = await ChatSocket.IdentifiedAsync(relay.Url, "bob", token: token);
        await chat.DmAsync("@ticker", "go");
        var refused = await chat.ExpectAsync("ERROR");
        Assert.Equal("AUTH_REQUIRED", (string?)refused["code"]);
        await chat.DmAsync("@echo", "allowed");
        Assert.Equal("allowed", (string?)(await chat.DmFromAsync("@echo"))["content"]);
    }

    [Fact]
    public async Task A_REQUEST_becomes_a_DM_question_and_the_next_DM_is_the_REPLY()
    {
        await using var relay = await platform.StartRelayAsync();
        await relay.WaitForAgentAsync("tools");
        await using var chat = await ChatSocket.IdentifiedAsync(relay.Url, "bob");
        await chat.DmAsync("@tools", "greet me");
        var question = await chat.DmFromAsync("@tools");
        Assert.Equal("What is your name?", (string?)question["content"]);
        await chat.DmAsync("@tools", "Bob");
        Assert.Equal("Hello, Bob!", (string?)(await chat.DmFromAsync("@tools"))["content"]);
    }

    [Fact]
    public async Task Unknown_names_are_AGENT_NOT_FOUND_and_agents_lists_the_platform_agents()
    {
        await using var relay = await platform.StartRelayAsync();
        await relay.WaitForAgentAsync("echo");
        await using var chat = await ChatSocket.IdentifiedAsync(relay.Url, "carol");
        await chat.DmAsync("@no-such-agent", "hi");
        var error = await chat.ExpectAsync("ERROR");
        Assert.Equal("AGENT_NOT_FOUND", (string?)error["code"]);

        // The Registry's names are read in the background: the listing may need a refresh to include them.
        List<string?> listed = [];
        await Eventually.TrueAsync(async () =>
        {
            await chat.SendAsync(new JsonObject { ["type"] = "LIST_AGENTS", ["channel"] = "#agents" });
            listed = [.. (await chat.ExpectAsync("AGENTS"))["list"]!.AsArray().Select(n => (string?)n)];
            return listed.Contains("@echo") && listed.Contains("@tools");
        }, TimeSpan.FromSeconds(15), "#agents lists the platform agents");
        Assert.DoesNotContain(chat.AgentId, listed);
    }

    [Fact]
    public async Task AgentChat_can_be_switched_off_on_the_relay()
    {
        await using var relay = await platform.StartRelayAsync(new() { ["AgentChat:Enabled"] = "false" });
        using var http = new HttpClient { BaseAddress = relay.Url, Timeout = TimeSpan.FromSeconds(20) };
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync("/agentchat")).StatusCode);
        await using var on = await platform.StartRelayAsync();
        using var http2 = new HttpClient { BaseAddress = on.Url, Timeout = TimeSpan.FromSeconds(20) };
        Assert.Equal(System.Net.HttpStatusCode.UpgradeRequired, (await http2.GetAsync("/agentchat")).StatusCode);
    }

    [Fact]
    public async Task AgentChat_connections_are_listed_by_the_admin_api_while_they_last()
    {
        await using var relay = await platform.StartRelayAsync();
        using var http = new HttpClient { BaseAddress = relay.Url, Timeout = TimeSpan.FromSeconds(20) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PlatformFixture.AdminKey);
        var chat = await ChatSocket.IdentifiedAsync(relay.Url, "dave");
        using (var listed = JsonDocument.Parse(await http.GetStringAsync("/admin/connections?dialect=agentchat")))
        {
            Assert.Equal(1, listed.RootElement.GetProperty("total").GetInt32());
            var item = listed.RootElement.GetProperty("items")[0];
            Assert.Equal("agentchat", item.GetProperty("dialect").GetString());
            Assert.Equal(chat.AgentId, item.GetProperty("user").GetString());
        }
        await chat.DisposeAsync();
        await Eventually.TrueAsync(async () =>
        {
            using var after = JsonDocument.Parse(await http.GetStringAsync("/admin/connections?dialect=agentchat"));
            return after.RootElement.GetProperty("total").GetInt32() == 0;
        }, TimeSpan.FromSeconds(10), "the closed AgentChat connection leaves the list");
    }
}
