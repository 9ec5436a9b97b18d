using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Agenkit;
using AgentPlatform.Relay.Agenkit;
using AgentPlatform.Relay.Core;
using AgentPlatform.Relay.Tests.Infrastructure;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Relay.Tests.Agenkit;

/// <summary>The platform's agents (the real Functions app through the Registry) reached over agenkit, Unix and TCP.</summary>
[Collection(PlatformGroup.Name)]
public sealed class AgenkitPlatformAgentTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("unix")]
    [InlineData("tcp")]
    public async Task Process_answers_one_response_with_the_collected_output(string transport)
    {
        await using var relay = await AgenkitRelay.StartAsync(platform);
        await relay.Host.WaitForAgentAsync("echo");
        await using var client = await relay.ConnectAsync(transport);
        await client.SendRequestAsync("req-001", AgenkitMethods.Process, "echo", "Hello, agent!");
        var response = await client.ExpectAsync();
        Assert.Equal(AgenkitMessageType.Response, response.Type);
        Assert.Equal("req-001", response.Id);
        Assert.True(AgenkitMessage.TryParse(response.Payload["message"], out var message, out _));
        Assert.Equal("agent", message!.Role);
        Assert.Equal("Hello, agent!", message.ContentText);
        Assert.Equal("echo", message.Metadata["agent"]!.GetValue<string>());
        Assert.EndsWith("Z", response.Timestamp, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unix")]
    [InlineData("tcp")]
    public async Task Stream_sends_a_chunk_per_STREAM_then_stream_end_with_the_request_id(string transport)
    {
        await using var relay = await AgenkitRelay.StartAsync(platform);
        await relay.Host.WaitForAgentAsync("conversation");
        await using var client = await relay.ConnectAsync(transport);
        await client.SendRequestAsync("s-1", AgenkitMethods.Stream, "conversation", "first");
        var frames = await client.ReceiveUntilAsync(f => f.Type is AgenkitMessageType.StreamEnd or AgenkitMessageType.Error);
        Assert.All(frames, f => Assert.Equal("s-1", f.Id));
        var chunk = Assert.Single(frames, f => f.Type == AgenkitMessageType.StreamChunk);
        var content = chunk.Payload["message"]!["content"]!.AsObject();
        Assert.Equal(1, content["turn"]!.GetValue<int>());
        Assert.Equal("first", content["said"]!.GetValue<string>());
        var end = frames[^1];
        Assert.Equal(AgenkitMessageType.StreamEnd, end.Type);
        Assert.Equal(1, end.Payload["result"]!["turn"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_session_id_keeps_an_agents_state_on_its_connection_but_another_connection_cannot_read_it()
    {
        await using var relay = await AgenkitRelay.StartAsync(platform);
        await relay.Host.WaitForAgentAsync("conversation");
        var session = new JsonObject { ["session_id"] = "agenkit-" + Guid.NewGuid().ToString("N") };
        async Task<int> TurnAsync(AgenkitTestClient client, string id)
        {
            await client.SendRequestAsync(id, AgenkitMethods.Process, "conversation", "turn", (JsonObject)session.DeepClone());
            var response = await client.ExpectAsync();
            Assert.Equal(AgenkitMessageType.Response, response.Type);
            return response.Payload["message"]!["metadata"]!["result"]!["turn"]!.GetValue<int>();
        }
        await using var first = await relay.ConnectAsync("unix");
        await using var second = await relay.ConnectAsync("tcp");
        Assert.Equal(1, await TurnAsync(first, "a1"));
        Assert.Equal(2, await TurnAsync(first, "a2"));
        // The same session_id from another client starts fresh: it does not continue (or read) the first one's context.
        Assert.Equal(1, await TurnAsync(second, "b1"));
        Assert.Equal(3, await TurnAsync(first, "a3"));
    }

    [Fact]
    public async Task A_new_session_id_per_request_does_not_grow_the_connections_tables()
    {
        await using var relay = await AgenkitRelay.StartAsync(platform);
        await relay.Host.WaitForAgentAsync("echo");
        await using var client = await relay.ConnectAsync("unix");
        for (var i = 0; i < 40; i++)
        {
            await client.SendRequestAsync("e" + i, AgenkitMethods.Process, "echo", "hi", new JsonObject { ["session_id"] = "s-" + i });
            Assert.Equal(AgenkitMessageType.Response, (await client.ExpectAsync()).Type);
        }
        var state = Assert.Single(relay.Host.Get<AgentPlatform.Relay.Core.RelayCore>().Hub(AgenkitDialect.HubName).Connections).DialectState!;
        // (the connection type is internal to the Relay)
        var tables = (int)state.GetType().GetProperty("TableCount", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!.GetValue(state)!;
        // Each answered request's table is idle, so starting the next session dropped it: only the last one is left.
        Assert.InRange(tables, 1, 2);
    }

    [Theory]
    [InlineData("unix")]
    [InlineData("tcp")]
    public async Task Many_requests_in_flight_on_one_connection_are_each_answered_by_id(string transport)
    {
        await using var relay = await AgenkitRelay.StartAsync(platform);
        await relay.Host.WaitForAgentAsync("echo");
        await using var client = await relay.ConnectAsync(transport);
        const int Count = 40;
        for (var i = 0; i < Count; i++)
        {
            await client.SendRequestAsync("r" + i, i % 2 == 0 ? AgenkitMethods.Process : AgenkitMethods.Stream, "echo", "payload " + i);
        }
        var answered = new Dictionary<string, string>();
        var ends = 0;
        while (ends < Count)
        {
            var frame = await client.ExpectAsync();
            Assert.NotEqual(AgenkitMessageType.Error, frame.Type);
            if (frame.Type is AgenkitMessageType.Response or AgenkitMessageType.StreamChunk)
            {
                answered[frame.Id] = frame.Payload["message"]!["content"]!.GetValue<string>();
            }
            if (frame.Type is AgenkitMessageType.Response or AgenkitMessageType.StreamEnd) ends++;
        }
        Assert.Equal(Count, answered.Count);
        for (var i = 0; i < Count; i++) Assert.Equal("payload " + i, answered["r" + i]);
    }

    [Theory]
    [InlineData("unix")]
    [InlineData("tcp")]
    public async Task An_unknown_agent_is_AGENT_NOT_FOUND_and_the_connection_goes_on(string transport)
    {
        await using var relay = await AgenkitRelay.StartAsync(platform);
        await relay.Host.WaitForAgentAsync("echo");
        await using var client = await relay.ConnectAsync(transport);
        await client.SendRequestAsync("u-1", AgenkitMethods.Process, "unknown_agent", "hi");
        var error = await client.ExpectAsync();
        Assert.Equal(AgenkitMessageType.Error, error.Type);
        Assert.Equal("u-1", error.Id);
        var payload = AgenkitError.FromPayload(error.Payload);
        Assert.Equal(AgenkitErrorCodes.AgentNotFound, payload.Code);
        Assert.Equal("unknown_agent", payload.Details!["agent_name"]!.GetValue<string>());
        Assert.IsType<JsonArray>(payload.Details["available_agents"]);
        await client.SendRequestAsync("u-2", AgenkitMethods.Process, "echo", "still here");
        Assert.Equal(AgenkitMessageType.Response, (await client.ExpectAsync()).Type);
    }

    [Fact]
    public async Task Connections_are_listed_in_the_core_hub_agenkit_while_open()
    {
        await using var relay = await AgenkitRelay.StartAsync(platform);
        var core = relay.Host.Get<RelayCore>();
        var unix = await relay.ConnectAsync("unix");
        var tcp = await relay.ConnectAsync("tcp");
        await Eventually.TrueAsync(() => core.Hub(AgenkitDialect.HubName).Connections.Count == 2, TimeSpan.FromSeconds(10), "two agenkit connections");
        Assert.All(core.Hub(AgenkitDialect.HubName).Connections, c => Assert.Equal(AgenkitDialect.DialectName, c.Dialect.Name));
        await unix.SendAsync(AgenkitEnvelope.Create(AgenkitMessageType.StreamEnd, "x", []));
        await unix.ExpectAsync();
        // The outbox counts a frame once its write returned, which may be just after the peer read it.
        await Eventually.TrueAsync(() => core.Hub(AgenkitDialect.HubName).Connections.Any(c => c.Counters.FramesIn == 1 && c.Counters.FramesOut == 1),
            TimeSpan.FromSeconds(10), "frames counted for the admin API");
        await unix.DisposeAsync();
        await tcp.DisposeAsync();
        await Eventually.TrueAsync(() => core.Hub(AgenkitDialect.HubName).Connections.Count == 0, TimeSpan.FromSeconds(10), "agenkit connections gone");
    }

    [Fact]
    public async Task Endpoints_name_the_socket_and_the_loopback_port()
    {
        await using var relay = await AgenkitRelay.StartAsync(platform);
        Assert.StartsWith("unix:///", relay.Unix, StringComparison.Ordinal);
        Assert.EndsWith("/relay.sock", relay.Unix, StringComparison.Ordinal);
        Assert.Matches(@"^tcp://127\.0\.0\.1:\d+$", relay.Tcp);
    }
}
