using System.Text.Json;

namespace AgentPlatform.Interop.Agenkit;

/// <summary>
/// The Python standard-library client (written from seed 003 alone) against the Relay's listener and against
/// LocalAgent, over Unix and TCP: process, stream, many requests at once, every error case.
/// </summary>
public sealed class PythonClientTests(AgenkitInteropHosts hosts) : IClassFixture<AgenkitInteropHosts>
{
    [Theory]
    [MemberData(nameof(AgenkitInteropHosts.Targets), MemberType = typeof(AgenkitInteropHosts))]
    public async Task Process_on_echo_returns_the_content_exactly(string target)
    {
        var lines = await PythonAgenkit.RunAsync("process", hosts.Endpoint(target), "echo", """{"text":"héllo","n":42,"big":9007199254740993,"list":[1,null,true]}""");
        var message = Assert.Single(lines).GetProperty("message");
        Assert.Equal("agent", message.GetProperty("role").GetString());
        var content = message.GetProperty("content");
        Assert.Equal("héllo", content.GetProperty("text").GetString());
        Assert.Equal(42, content.GetProperty("n").GetInt32());
        // Python's json keeps integers exact: 2^53 + 1 survives only if nothing on the way went through a double.
        Assert.Equal("9007199254740993", content.GetProperty("big").GetRawText());
        Assert.Equal("[1,null,true]", content.GetProperty("list").GetRawText());
        Assert.Equal("echo", message.GetProperty("metadata").GetProperty("agent").GetString());
        Assert.EndsWith("Z", message.GetProperty("timestamp").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AgenkitInteropHosts.Targets), MemberType = typeof(AgenkitInteropHosts))]
    public async Task Stream_on_echo_is_one_chunk_then_stream_end(string target)
    {
        var lines = await PythonAgenkit.RunAsync("stream", hosts.Endpoint(target), "echo", "\"one chunk\"");
        Assert.Equal(2, lines.Count);
        Assert.Equal("one chunk", lines[0].GetProperty("chunk").GetProperty("content").GetString());
        Assert.Equal(0, lines[0].GetProperty("chunk").GetProperty("metadata").GetProperty("seq").GetInt32());
        Assert.True(lines[1].GetProperty("end").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(AgenkitInteropHosts.Targets), MemberType = typeof(AgenkitInteropHosts))]
    public async Task Two_hundred_calls_on_four_connections_at_once_each_come_back_to_their_caller(string target)
    {
        var summary = Assert.Single(await PythonAgenkit.RunAsync("concurrent", hosts.Endpoint(target), "echo", "50", "4"));
        Assert.Equal(204, summary.GetProperty("calls").GetInt32());
        Assert.True(summary.GetProperty("matched").GetInt32() == 204, summary.ToString());
    }

    [Theory]
    [MemberData(nameof(AgenkitInteropHosts.Targets), MemberType = typeof(AgenkitInteropHosts))]
    public async Task The_conversation_agent_remembers_a_session_named_in_metadata(string target)
    {
        // Each process call is a new Python connection. A LocalAgent keeps the session by session_id alone; the Relay
        // scopes a session_id to its connection (docs/protocol/agenkit.md section 6: another client must not read
        // it), so there each call starts afresh.
        var session = "py-" + target + "-" + Guid.NewGuid().ToString("N")[..6];
        JsonElement last = default;
        for (var turn = 1; turn <= 2; turn++)
        {
            var lines = await PythonAgenkit.RunAsync("process", hosts.Endpoint(target), "conversation", "\"turn " + turn + "\"", session);
            last = Assert.Single(lines).GetProperty("message").GetProperty("content");
        }
        if (target.StartsWith("relay", StringComparison.Ordinal))
        {
            Assert.Equal(1, last.GetProperty("turn").GetInt32());
            Assert.Equal("""["turn 2"]""", last.GetProperty("history").GetRawText());
        }
        else
        {
            Assert.Equal(2, last.GetProperty("turn").GetInt32());
            Assert.Equal("""["turn 1","turn 2"]""", last.GetProperty("history").GetRawText());
        }
    }

    /// <summary>Case → (error_code, connection closed after it): the policy of docs/protocol/agenkit.md.</summary>
    private static readonly Dictionary<string, (string Code, bool Closed)> Expected = new()
    {
        ["unknown_agent"] = ("AGENT_NOT_FOUND", false),
        ["unsupported_version"] = ("UNSUPPORTED_VERSION", true),
        ["malformed_json"] = ("MALFORMED_PAYLOAD", true),
        ["invalid_utf8"] = ("MALFORMED_PAYLOAD", true),
        ["not_an_object"] = ("INVALID_MESSAGE", true),
        ["missing_type"] = ("INVALID_MESSAGE", true),
        ["missing_id"] = ("INVALID_MESSAGE", true),
        ["unknown_type"] = ("INVALID_MESSAGE", true),
        ["unknown_method"] = ("INVALID_MESSAGE", false),
        ["missing_message"] = ("MALFORMED_PAYLOAD", false),
        ["oversize"] = ("MESSAGE_TOO_LARGE", true),
    };

    [Theory]
    [MemberData(nameof(AgenkitInteropHosts.Targets), MemberType = typeof(AgenkitInteropHosts))]
    public async Task Every_error_case_gets_its_code_and_connection_policy(string target)
    {
        var lines = await PythonAgenkit.RunAsync("errors", hosts.Endpoint(target));
        Assert.Equal(Expected.Count, lines.Count);
        foreach (var line in lines)
        {
            var name = line.GetProperty("case").GetString()!;
            var actual = (line.GetProperty("code").GetString(), line.GetProperty("closed").GetBoolean());
            Assert.True(Expected[name] == actual!, $"{target} {name}: expected {Expected[name]}, got {line}");
        }
    }
}
