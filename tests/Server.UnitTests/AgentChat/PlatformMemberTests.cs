using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using AgentPlatform.Server.AgentChat;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Server.UnitTests.AgentChat;

/// <summary>Socketless members (the Relay's platform agents) through <see cref="IAgentChatPlatformAgents"/>.</summary>
public sealed class PlatformMemberTests
{
    private sealed class EchoMembers : IAgentChatPlatformAgents
    {
        public ConcurrentQueue<string> Gone { get; } = new();

        public IReadOnlyCollection<string> Names => ["echo"];

        public bool Knows(string name) => name == "echo";

        public void Deliver(string from, string name, string content, IAgentChatOutlet outlet) =>
            _ = Task.Run(() => outlet.SendDirect(name, from, "echo: " + content));

        public void Disconnected(string agentId) => Gone.Enqueue(agentId);
    }

    [Fact]
    public async Task A_DM_to_a_platform_member_is_echoed_and_answered_as_a_DM_from_it()
    {
        var members = new EchoMembers();
        await using var server = await ChatServer.StartAsync(services: s => s.AddSingleton<IAgentChatPlatformAgents>(members));
        var a = await server.IdentifiedAsync("alice");
        await a.SendAsync(new JsonObject { ["type"] = "MSG", ["to"] = "@echo", ["content"] = "hi" });
        var echo = await a.ExpectAsync("MSG");
        Assert.Equal(a.AgentId, (string?)echo["from"]);
        Assert.Equal("@echo", (string?)echo["to"]);
        var answer = await a.ExpectAsync("MSG");
        Assert.Equal("@echo", (string?)answer["from"]);
        Assert.Equal(a.AgentId, (string?)answer["to"]);
        Assert.Equal("echo: hi", (string?)answer["content"]);

        var joined = await a.JoinAsync("#agents");
        Assert.Equal([a.AgentId, "@echo"], joined["agents"]!.AsArray().Select(n => (string?)n));
        await a.SendAsync(new JsonObject { ["type"] = "LIST_AGENTS", ["channel"] = "#agents" });
        Assert.Contains("@echo", (await a.ExpectAsync("AGENTS"))["list"]!.AsArray().Select(n => (string?)n));
        await a.DisposeAsync();
        for (var i = 0; i < 100 && members.Gone.IsEmpty; i++) await Task.Delay(20, TestContext.Current.CancellationToken);
        Assert.Equal([a.AgentId], members.Gone);
    }
}
