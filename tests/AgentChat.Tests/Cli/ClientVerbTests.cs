using System.Text.Json.Nodes;
using AgentPlatform.AgentChat.Tests.Infrastructure;
using AgentPlatform.Client.AgentChat;
using AgentPlatform.TestSupport;

namespace AgentPlatform.AgentChat.Tests.Cli;

/// <summary>send, listen, channels, agents, create, invite and connect against a real server on a loopback port.</summary>
public sealed class ClientVerbTests
{
    private static JsonObject Json(string line) => (JsonObject)JsonNode.Parse(line)!;

    [Fact]
    public async Task Channels_lists_the_two_default_channels_as_json_and_as_text()
    {
        await using var server = await ChatServer.StartAsync();
        var json = await CliRun.RunAsync(["channels", server.Url, "--json"]);
        Assert.True(json.ExitCode == 0, json.ToString());
        var names = Json(json.Out)["channels"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["#agents", "#general"], names.Order());
        var text = await CliRun.RunAsync(["channels", "--server", server.Url]);
        Assert.Contains("#general", text.Out);
        Assert.Contains("#agents", text.Out);
    }

    [Fact]
    public async Task Send_delivers_to_a_channel_member_and_returns_once_the_server_took_it()
    {
        await using var server = await ChatServer.StartAsync();
        await using var peer = await Agents.ConnectAsync(server);
        await peer.JoinAsync("#general");
        var run = await CliRun.RunAsync(["send", server.Url, "#general", "hello", "agents", "--json", "--name", "sender"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        var result = Json(run.Out);
        Assert.Equal("#general", result["to"]!.GetValue<string>());
        var msg = await peer.NextAsync(f => f.Type() == "MSG" && f.Text("content") == "hello agents");
        Assert.Equal(result["from"]!.GetValue<string>(), msg.Text("from"));
    }

    [Fact]
    public async Task Send_to_an_agent_that_is_not_online_fails_with_AGENT_NOT_FOUND()
    {
        await using var server = await ChatServer.StartAsync();
        var run = await CliRun.RunAsync(["send", server.Url, "@nobody1", "hi", "--json"]);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("AGENT_NOT_FOUND", Json(run.Err)["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Send_signs_with_an_identity_and_the_recipient_can_verify_from_the_wire()
    {
        await using var server = await ChatServer.StartAsync();
        using var dir = new TempDir();
        var identity = AgentChatIdentity.Generate("signer");
        identity.Save(dir.Combine("id.json"));
        await using var peer = await Agents.ConnectAsync(server);
        await peer.JoinAsync("#general");
        var run = await CliRun.RunAsync(["send", server.Url, "#general", "signed \"text\" ü", "-i", dir.Combine("id.json")]);
        Assert.True(run.ExitCode == 0, run.ToString());
        var msg = await peer.NextAsync(f => f.Type() == "MSG" && f.Text("from") == identity.AgentId);
        var signed = Protocol.AgentChat.AgentChatSigning.Message(msg.Text("to")!, msg.Text("content")!, (long)msg.Number("ts")!.Value);
        Assert.True(AgentChatIdentity.Verify(signed, msg.Text("sig")!, identity.PublicKeyPem));
    }

    [Fact]
    public async Task Listen_prints_each_message_as_a_json_line_and_stops_after_max_messages()
    {
        await using var server = await ChatServer.StartAsync();
        await using var watcher = await Agents.ConnectAsync(server, "watcher");
        await watcher.JoinAsync("#agents");
        var listen = CliRun.RunAsync(["listen", server.Url, "#agents", "-m", "2", "--name", "listener"]);
        await watcher.NextAsync(f => f.Type() == "AGENT_JOINED" && f.Text("channel") == "#agents");
        await watcher.SendConfirmedAsync("#agents", "one");
        await watcher.SendConfirmedAsync("#agents", "two");
        var run = await listen.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.OutLines.Select(Json).ToList();
        Assert.Equal(["one", "two"], lines.Where(l => l.Type() == "MSG").Select(l => l.Text("content")));
        Assert.All(lines, l => Assert.NotNull(l.Type()));
    }

    [Fact]
    public async Task Agents_lists_the_members_of_a_channel()
    {
        await using var server = await ChatServer.StartAsync();
        await using var peer = await Agents.ConnectAsync(server);
        await peer.JoinAsync("#agents");
        var run = await CliRun.RunAsync(["agents", server.Url, "#agents", "--json"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        var agents = Json(run.Out)["agents"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();
        Assert.Contains(peer.AgentId, agents);
        var missing = await CliRun.RunAsync(["agents", server.Url, "#nowhere", "--json"]);
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("CHANNEL_NOT_FOUND", Json(missing.Err)["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_private_hides_the_channel_and_invite_lets_exactly_the_invitee_in()
    {
        await using var server = await ChatServer.StartAsync();
        using var dir = new TempDir();
        var owner = AgentChatIdentity.Generate("owner");
        owner.Save(dir.Combine("owner.json"));
        var guest = AgentChatIdentity.Generate("guest");

        var create = await CliRun.RunAsync(["create", server.Url, "#secret", "--private", "-i", dir.Combine("owner.json"), "--json"]);
        Assert.True(create.ExitCode == 0, create.ToString());
        Assert.True(Json(create.Out)["invite_only"]!.GetValue<bool>());
        var channels = await CliRun.RunAsync(["channels", server.Url, "--json"]);
        Assert.DoesNotContain("#secret", channels.Out);

        await using var outsider = await Agents.ConnectAsync(server, "outsider");
        var refused = await Assert.ThrowsAsync<AgentChatException>(() => outsider.JoinAsync("#secret"));
        Assert.Equal("NOT_INVITED", refused.Code);

        var invite = await CliRun.RunAsync(["invite", server.Url, "#secret", guest.AgentId, "-i", dir.Combine("owner.json"), "--json"]);
        Assert.True(invite.ExitCode == 0, invite.ToString());
        await using var invited = await Agents.ConnectAsync(server, "guest", guest);
        var joined = await invited.JoinAsync("#secret");
        Assert.Equal("#secret", joined.Text("channel"));

        var exists = await CliRun.RunAsync(["create", server.Url, "#general", "--json"]);
        Assert.Equal("CHANNEL_EXISTS", Json(exists.Err)["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Connect_sends_typed_lines_and_prints_what_arrives()
    {
        await using var server = await ChatServer.StartAsync();
        await using var peer = await Agents.ConnectAsync(server);
        await peer.JoinAsync("#general");
        var run = await CliRun.RunAsync(["connect", server.Url, "-j", "#general", "--json", "--name", "typist"], "hello from connect\n/channels\n/quit\n");
        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.OutLines.Select(Json).ToList();
        Assert.NotNull(lines[0]["connected"]);
        Assert.Contains(lines, l => l["channels"] is not null);
        var msg = await peer.NextAsync(f => f.Type() == "MSG" && f.Text("content") == "hello from connect");
        Assert.Equal(lines[0]["connected"]!.GetValue<string>(), msg.Text("from"));
    }

    [Fact]
    public async Task The_server_url_comes_from_endpoints_json_under_the_data_dir()
    {
        await using var server = await ChatServer.StartAsync();
        using var dir = new TempDir();
        await File.WriteAllTextAsync(dir.Combine("endpoints.json"), new JsonObject { ["agentchat"] = new JsonObject { ["url"] = server.Url } }.ToJsonString());
        var run = await CliRun.RunAsync(["channels", "--data-dir", dir.Path, "--json"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("#general", run.Out);
    }

    [Fact]
    public async Task A_server_that_is_not_there_is_a_clean_DISCONNECTED_failure()
    {
        var run = await CliRun.RunAsync(["channels", $"ws://127.0.0.1:{FreePort.Next()}", "--json", "--timeout", "3"]);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(AgentChatException.Disconnected, Json(run.Err)["error"]!.GetValue<string>());
    }
}
