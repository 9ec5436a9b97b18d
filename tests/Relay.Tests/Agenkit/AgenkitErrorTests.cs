using System.Text;
using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Agenkit;
using AgentPlatform.Relay.Tests.Infrastructure;

namespace AgentPlatform.Relay.Tests.Agenkit;

/// <summary>Every error code the listener sends, over real sockets, with the connection policy of each.</summary>
[Collection(PlatformGroup.Name)]
public sealed class AgenkitErrorTests(PlatformFixture platform)
{
    public static TheoryData<string, string, string, string, string> ClosingFaults()
    {
        var data = new TheoryData<string, string, string, string, string>();
        var faults = new (string Body, string Code, string Reason, string Id)[]
        {
            ("{not json", AgenkitErrorCodes.MalformedPayload, AgenkitErrorReasons.InvalidJson, "unknown"),
            ("\u00ff", AgenkitErrorCodes.MalformedPayload, AgenkitErrorReasons.InvalidUtf8, "unknown"),
            ("""{"version":"2.0","type":"request","id":"v","payload":{}}""", AgenkitErrorCodes.UnsupportedVersion, AgenkitErrorReasons.UnsupportedVersion, "v"),
            ("""{"version":"1.0","type":"request","id":"m"}""", AgenkitErrorCodes.InvalidMessage, AgenkitErrorReasons.MissingField, "m"),
            ("""{"version":"1.0","type":"ping","id":"t","payload":{}}""", AgenkitErrorCodes.InvalidMessage, AgenkitErrorReasons.UnknownType, "t"),
            ("[1]", AgenkitErrorCodes.InvalidMessage, AgenkitErrorReasons.NotAnObject, "unknown"),
        };
        foreach (var transport in AgenkitRelay.Transports)
        {
            foreach (var (body, code, reason, id) in faults) data.Add(transport, body, code, reason, id);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ClosingFaults))]
    public async Task An_undecodable_envelope_is_answered_with_its_code_then_the_connection_closes(string transport, string body, string code, string reason, string id)
    {
        await using var relay = await AgenkitRelay.StartAsync(platform);
        await using var client = await relay.ConnectAsync(transport);
        // "\u00ff" stands for the lone byte 0xFF, which is not UTF-8.
        await client.SendBodyAsync(body == "\u00ff" ? [0xFF] : Encoding.UTF8.GetBytes(body));
        var error = await client.ExpectAsync();
        Assert.Equal(AgenkitMessageType.Error, error.Type);
        Assert.Equal(id, error.Id);
        var payload = AgenkitError.FromPayload(error.Payload);
        Assert.Equal(code, payload.Code);
        Assert.Equal(reason, payload.Reason);
        Assert.True(await client.ClosedAsync());
    }

    [Theory]
    [InlineData("unix")]
    [InlineData("tcp")]
    public async Task A_frame_over_the_limit_is_refused_from_its_header_before_any_body_is_sent(string transport)
    {
        await using var relay = await AgenkitRelay.StartAsync(platform, new() { ["Relay:Agenkit:MaxFrameBytes"] = "4096" });
        await using var client = await relay.ConnectAsync(transport);
        await client.SendRawAsync([0x00, 0x00, 0x10, 0x01]);   // 4097 bytes announced, none sent
        var error = await client.ExpectAsync();
        var payload = AgenkitError.FromPayload(error.Payload);
        Assert.Equal(AgenkitErrorCodes.MessageTooLarge, payload.Code);
        Assert.Equal(4097, payload.Details!["announced_bytes"]!.GetValue<long>());
        Assert.Equal(4096, payload.Details["max_bytes"]!.GetValue<int>());
        Assert.True(await client.ClosedAsync());
    }

    [Fact]
    public async Task The_default_limit_is_10_MiB_and_a_large_frame_under_it_is_read()
    {
        await using var relay = await AgenkitRelay.StartAsync(platform);
        await relay.Host.WaitForAgentAsync("echo");
        await using var over = await relay.ConnectAsync("unix");
        await over.SendRawAsync([0x00, 0xA0, 0x00, 0x01]);
        Assert.Equal(AgenkitErrorCodes.MessageTooLarge, AgenkitError.FromPayload((await over.ExpectAsync()).Payload).Code);
        // A large request goes through and its echo comes back whole (the platform's function records cap one chunk below 1 MiB).
        await using var client = await relay.ConnectAsync("unix");
        var big = new string('x', 256 * 1024);
        await client.SendRequestAsync("big", AgenkitMethods.Process, "echo", big);
        var response = await client.ExpectAsync();
        Assert.True(response.Type == AgenkitMessageType.Response, response.Payload.ToJsonString());
        Assert.Equal(big.Length, response.Payload["message"]!["content"]!.GetValue<string>().Length);
    }

    public static TheoryData<string, string, string, string?> OpenFaults() => new()
    {
        // payload, code, reason, field
        { """{"method":"dance","agent_name":"echo"}""", AgenkitErrorCodes.InvalidMessage, "unknown_method", null },
        { """{"agent_name":"echo"}""", AgenkitErrorCodes.MalformedPayload, AgenkitErrorReasons.MissingField, "method" },
        { """{"method":"process","message":{"role":"user","content":"x"}}""", AgenkitErrorCodes.MalformedPayload, AgenkitErrorReasons.MissingField, "agent_name" },
        { """{"method":"process","agent_name":"echo"}""", AgenkitErrorCodes.MalformedPayload, AgenkitErrorReasons.InvalidField, "message" },
        { """{"method":"stream","agent_name":"echo","message":{"content":"x"}}""", AgenkitErrorCodes.MalformedPayload, AgenkitErrorReasons.InvalidField, "message.role" },
        { """{"method":"execute","tool_name":"calculator","kwargs":{"a":1}}""", AgenkitErrorCodes.ToolNotFound, null!, null },
        { """{"method":"negotiate","codecs":["msgpack"]}""", AgenkitErrorCodes.InvalidMessage, "negotiate_not_first", null },
    };

    [Theory]
    [MemberData(nameof(OpenFaults))]
    public async Task A_bad_request_payload_is_answered_by_id_and_the_connection_goes_on(string payload, string code, string? reason, string? field)
    {
        await using var relay = await AgenkitRelay.StartAsync(platform);
        await relay.Host.WaitForAgentAsync("echo");
        await using var client = await relay.ConnectAsync("unix");
        // One good request first, so that a negotiate is not the first frame.
        await client.SendRequestAsync("ok", AgenkitMethods.Process, "echo", "first");
        Assert.Equal(AgenkitMessageType.Response, (await client.ExpectAsync()).Type);
        await client.SendAsync(AgenkitEnvelope.Create(AgenkitMessageType.Request, "bad", JsonNode.Parse(payload)!.AsObject()));
        var error = await client.ExpectAsync();
        Assert.Equal(AgenkitMessageType.Error, error.Type);
        Assert.Equal("bad", error.Id);
        var parsed = AgenkitError.FromPayload(error.Payload);
        Assert.Equal(code, parsed.Code);
        if (reason is not null) Assert.Equal(reason, parsed.Reason);
        if (field is not null) Assert.Equal(field, parsed.Details!["field"]!.GetValue<string>());
        await client.SendRequestAsync("after", AgenkitMethods.Process, "echo", "still open");
        Assert.Equal(AgenkitMessageType.Response, (await client.ExpectAsync()).Type);
    }

    [Theory]
    [InlineData(AgenkitMessageType.Response)]
    [InlineData(AgenkitMessageType.Error)]
    [InlineData(AgenkitMessageType.StreamChunk)]
    [InlineData(AgenkitMessageType.StreamEnd)]
    public async Task Envelopes_only_a_server_sends_are_INVALID_MESSAGE(AgenkitMessageType type)
    {
        await using var relay = await AgenkitRelay.StartAsync(platform);
        await using var client = await relay.ConnectAsync("tcp");
        await client.SendAsync(AgenkitEnvelope.Create(type, "x", []));
        var error = AgenkitError.FromPayload((await client.ExpectAsync()).Payload);
        Assert.Equal(AgenkitErrorCodes.InvalidMessage, error.Code);
        Assert.Equal("unexpected_type", error.Reason);
    }

    [Fact]
    public async Task An_id_already_in_flight_is_refused_and_the_first_request_still_answered()
    {
        await using var relay = await AgenkitRelay.StartAsync(platform);
        await relay.Host.WaitForAgentAsync("tools");
        await using var client = await relay.ConnectAsync("unix");
        // tools waits for a REPLY agenkit cannot give: it is answered with an error, after the duplicate was refused.
        await client.SendRequestAsync("same", AgenkitMethods.Stream, "tools", "hi");
        await client.SendRequestAsync("same", AgenkitMethods.Process, "echo", "hi");
        var frames = await client.ReceiveUntilAsync(f => f.Type == AgenkitMessageType.Error && AgenkitError.FromPayload(f.Payload).Reason != "duplicate_id");
        var errors = frames.Where(f => f.Type == AgenkitMessageType.Error).Select(f => AgenkitError.FromPayload(f.Payload)).ToList();
        Assert.Contains(errors, e => e.Code == AgenkitErrorCodes.InvalidMessage && e.Reason == "duplicate_id");
        Assert.Contains(errors, e => e.Code == AgenkitErrorCodes.InternalError && e.Reason == "agent_request_unsupported");
    }

    [Fact]
    public async Task A_request_over_the_time_limit_is_AGENT_TIMEOUT()
    {
        await using var relay = await AgenkitRelay.StartAsync(platform, new() { ["Relay:Agenkit:RequestTimeout"] = "00:00:01" });
        await relay.Host.WaitForAgentAsync(platform.Ticker.Name);
        await using var client = await relay.ConnectAsync("tcp");
        await client.SendAsync(AgenkitEnvelope.ForRequest("slow", AgenkitMethods.Stream, platform.Ticker.Name,
            new AgenkitMessage("user", new JsonObject { ["count"] = 100, ["delayMs"] = 100 }, [], "")));
        var frames = await client.ReceiveUntilAsync(f => f.Type is AgenkitMessageType.Error or AgenkitMessageType.StreamEnd);
        Assert.Equal(AgenkitErrorCodes.AgentTimeout, AgenkitError.FromPayload(frames[^1].Payload).Code);
    }

    [Fact]
    public async Task More_connections_than_allowed_are_told_CONNECTION_FAILED_and_closed()
    {
        await using var relay = await AgenkitRelay.StartAsync(platform, new() { ["Relay:Agenkit:MaxConnections"] = "1" });
        await using var first = await relay.ConnectAsync("unix");
        await first.SendAsync(AgenkitEnvelope.Create(AgenkitMessageType.StreamEnd, "x", []));
        await first.ExpectAsync();   // the first connection is being served
        await using var second = await relay.ConnectAsync("tcp");
        var error = AgenkitError.FromPayload((await second.ExpectAsync()).Payload);
        Assert.Equal(AgenkitErrorCodes.ConnectionFailed, error.Code);
        Assert.True(await second.ClosedAsync());
    }

    [Fact]
    public async Task An_idle_connection_is_closed()
    {
        await using var relay = await AgenkitRelay.StartAsync(platform, new() { ["Relay:Agenkit:IdleTimeout"] = "00:00:00.500" });
        await using var client = await relay.ConnectAsync("unix");
        Assert.True(await client.ClosedAsync());
    }
}
