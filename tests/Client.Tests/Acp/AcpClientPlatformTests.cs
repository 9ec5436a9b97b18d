using System.Text.Json.Nodes;
using AgentPlatform.Client.Acp;
using AgentPlatform.Functions;
using AgentPlatform.Protocol.Acp;
using AgentPlatform.Registry;
using AgentPlatform.Relay;
using AgentPlatform.Relay.Acp.Agents.Platform;
using AgentPlatform.TestSupport;

// xUnit1051: every wait here is bounded by its own timeout; see AcpClientTests.
#pragma warning disable xUnit1051

namespace AgentPlatform.Client.Tests.Acp;

/// <summary>
/// The .NET ACP client against the Relay's <c>/acp/{agent}</c>: the platform's own agents (the real Registry, Functions
/// and Relay), and a stdio agent written with the official SDK for the replay extension.
/// </summary>
public sealed class AcpClientPlatformTests : IAsyncLifetime
{
    private readonly LoopbackApps _apps = new("ap-acp-client");
    private Uri _relay = null!;
    private Microsoft.AspNetCore.Builder.WebApplication _relayApp = null!;

    public async ValueTask InitializeAsync()
    {
        var registry = LoopbackApps.NewUrl();
        var functions = LoopbackApps.NewUrl();
        var relay = LoopbackApps.NewUrl();
        await _apps.StartAsync(RegistryApplication.Build, registry, new() { ["AgentPlatform:Keys:Registry"] = "registry-key" });
        await _apps.StartAsync(InProcessFunctionsApp.Build, functions, new()
        {
            ["services:registry:http:0"] = registry.ToString().TrimEnd('/'),
            ["AgentPlatform:Keys:Registry"] = "registry-key",
            ["AgentPlatform:DataDir"] = _apps.DataDir,
            ["Functions:Registration:PublicUrl"] = functions.ToString().TrimEnd('/'),
        });
        _relayApp = RelayApplication.Build(["--environment=Development"], b => LoopbackApps.Configure(b, relay, new()
        {
            ["services:registry:http:0"] = registry.ToString().TrimEnd('/'),
            ["AgentPlatform:Keys:AgentSocket"] = "socket-key",
            ["AgentPlatform:Keys:Admin"] = "admin-key",
            ["Acp:Agents:sdk:Command"] = "node \"" + Path.Combine(RepoPaths.Root, "tests", "Interop", "node", "acp", "stdio-agent.mjs") + "\"",
            ["Acp:Replay:Window"] = "00:00:30",
        }));
        await _apps.StartAsync(_relayApp);
        _relay = new Uri(relay.ToString().Replace("http://", "ws://", StringComparison.Ordinal).TrimEnd('/') + "/acp/");
    }

    public ValueTask DisposeAsync() => _apps.DisposeAsync();

    /// <summary>Connects once the Relay's Registry view knows the agent (/acp/{agent} answers 404 until then).</summary>
    private async Task<AcpClient> ConnectAsync(string agent, AcpClientOptions? options = null)
    {
        AcpClient? client = null;
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                client = await AcpClient.ConnectAsync(new Uri(_relay, agent), "socket-key", options);
                return true;
            }
            catch (AcpException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(20), agent + " reachable over ACP");
        await client!.InitializeAsync();
        return client;
    }

    [Fact]
    public async Task Echo_streams_the_prompt_back_and_ends_the_turn()
    {
        await using var client = await ConnectAsync("echo");
        Assert.Equal("echo", (string)client.InitializeResult!["agentInfo"]!["name"]!);
        var sessionId = await client.NewSessionAsync("/");
        var texts = new List<string>();
        var result = await client.PromptAsync(sessionId, "hello platform", u =>
        {
            texts.Add(u.Text!);
            return ValueTask.CompletedTask;
        });
        Assert.Equal("end_turn", result.StopReason);
        Assert.Equal(["hello platform"], texts);
        Assert.Equal(1, (int)result.Result["_meta"]![PlatformAcpMapping.MetricsMetaKey]!["chunks"]!);
    }

    [Fact]
    public async Task A_conversation_goes_on_after_the_connection_drops_and_the_session_is_loaded()
    {
        string sessionId;
        var first = await ConnectAsync("conversation");
        sessionId = await first.NewSessionAsync("/");
        await first.PromptAsync(sessionId, "one");
        var second = await first.PromptAsync(sessionId, "two");
        Assert.Equal(2, (int)second.Result["_meta"]![PlatformAcpMapping.ResultMetaKey]!["turn"]!);
        first.AbortConnection();
        await first.DisposeAsync();

        await using var again = await ConnectAsync("conversation");
        var history = await again.LoadSessionAsync(sessionId, "/");
        Assert.Equal(["one", "two"], history.Where(u => u.Kind == "user_message_chunk").Select(u => u.Text));
        JsonNode? said = null;
        var third = await again.PromptAsync(sessionId, "three", u =>
        {
            said = JsonNode.Parse(u.Text!);
            return ValueTask.CompletedTask;
        });
        Assert.Equal("end_turn", third.StopReason);
        Assert.Equal("""["one","two","three"]""", said!["history"]!.ToJsonString());
    }

    [Fact]
    public async Task The_tools_agent_asks_through_the_permission_handler_and_a_free_text_reply_answers()
    {
        var asked = new List<string>();
        await using var client = await ConnectAsync("tools", new AcpClientOptions
        {
            OnRequestPermission = (request, _) =>
            {
                asked.Add((string)request.Params!["toolCall"]!["title"]!);
                return ValueTask.FromResult(new JsonObject
                {
                    ["outcome"] = new JsonObject { ["outcome"] = "selected", ["optionId"] = "allow" },
                    ["_meta"] = new JsonObject { [PlatformAcpMapping.ReplyMetaKey] = "Linus" },
                });
            },
        });
        var sessionId = await client.NewSessionAsync("/");
        var texts = new List<string>();
        var result = await client.PromptAsync(sessionId, "hi", u =>
        {
            texts.Add(u.Text!);
            return ValueTask.CompletedTask;
        });
        Assert.Equal(["question: What is your name?"], asked);
        Assert.Equal(["Hello, Linus!"], texts);
        Assert.Equal("end_turn", result.StopReason);
    }

    [Fact]
    public async Task Cancel_while_the_agent_waits_ends_the_turn_cancelled()
    {
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = await ConnectAsync("tools", new AcpClientOptions
        {
            OnRequestPermission = async (_, ct) =>
            {
                asked.TrySetResult();
                return await release.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
            },
        });
        var sessionId = await client.NewSessionAsync("/");
        var prompt = client.PromptAsync(sessionId, "hi");
        await asked.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await client.CancelAsync(sessionId);
        Assert.Equal("cancelled", (await prompt.WaitAsync(TimeSpan.FromSeconds(10))).StopReason);
        release.TrySetResult(new JsonObject { ["outcome"] = new JsonObject { ["outcome"] = "cancelled" } });

        var unknown = await Assert.ThrowsAsync<AcpException>(() => client.PromptAsync("no-such-session", "hi"));
        Assert.Equal(JsonRpcErrorCodes.ResourceNotFound, unknown.Code);
    }

    [Fact]
    public async Task A_replaying_client_that_drops_mid_turn_gets_every_update_it_missed_on_a_new_connection_once()
    {
        var before = new List<AcpSessionUpdate>();
        var first = await ConnectAsync("sdk", new AcpClientOptions { Replay = true });
        var sessionId = await first.NewSessionAsync("/");
        var three = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // "slow" streams a chunk every 50 ms until the turn is cancelled; the connection drops after three of them.
        var turn = first.PromptAsync(sessionId, "slow", u =>
        {
            lock (before)
            {
                before.Add(u);
                if (before.Count == 3) three.TrySetResult();
            }
            return ValueTask.CompletedTask;
        });
        await three.Task.WaitAsync(TimeSpan.FromSeconds(20));
        first.AbortConnection();
        var lastSeen = first.LastSeq(sessionId);
        await Assert.ThrowsAnyAsync<Exception>(() => turn.WaitAsync(TimeSpan.FromSeconds(10)));
        await first.DisposeAsync();
        // Chunks keep coming for the session while nobody is connected: wait until the Relay kept three of them.
        var store = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<AgentPlatform.Relay.Acp.Replay.AcpReplayStore>(_relayApp.Services);
        await Eventually.TrueAsync(() => Task.FromResult(store.Logs.Any(l => l.SessionId == sessionId && l.LastSeq >= lastSeen + 3)),
            TimeSpan.FromSeconds(10), "three updates kept while away");

        var after = new List<AcpSessionUpdate>();
        await using var second = await ConnectAsync("sdk", new AcpClientOptions
        {
            Replay = true,
            OnSessionUpdate = u =>
            {
                lock (after) after.Add(u);
                return ValueTask.CompletedTask;
            },
        });
        var resumed = await second.ResumeAsync(sessionId, lastSeen);
        Assert.False(resumed.Truncated);
        Assert.True(resumed.Replayed >= 3, "updates sent while away: " + resumed.Replayed);
        await second.CancelAsync(sessionId);
        await Eventually.TrueAsync(() => Task.FromResult(second.LastSeq(sessionId) >= lastSeen + resumed.Replayed), TimeSpan.FromSeconds(10), "replayed updates delivered");

        List<long> seqs;
        lock (after) seqs = [.. after.Select(u => u.Seq ?? -1)];
        // Exactly once and in order: the new connection starts right after the last number the old one saw.
        Assert.Equal(lastSeen + 1, seqs[0]);
        Assert.Equal(seqs.Count, seqs.Distinct().Count());
        Assert.True(seqs.SequenceEqual(seqs.Order()), string.Join(",", seqs));
        Assert.All(after, u => Assert.StartsWith("[" + sessionId + "]", u.Text, StringComparison.Ordinal));
    }
}
