using System.Text;
using AgentPlatform.Functions.Agents;
using AgentPlatform.Protocol.Agenkit;

namespace AgentPlatform.Client.Tests.Agenkit;

/// <summary>
/// LocalAgent's answer to each faulty frame, exact bytes in, code and connection fate out (docs/protocol/agenkit.md,
/// "Connection policy"): undecodable frames close the connection after the error, request-level faults leave it open.
/// </summary>
public sealed class ErrorPolicyTests
{
    private const string Good = """{"method":"process","agent_name":"echo","message":{"role":"user","content":"x","metadata":{},"timestamp":""}}""";

    public static TheoryData<string, string, string, string, bool> Cases => new()
    {
        // name, body (UTF-8 text, or "hex:" bytes), expected code, expected id, closes
        { "unsupported version", """{"version":"2.0","type":"request","id":"a1","timestamp":"","payload":{}}""", AgenkitErrorCodes.UnsupportedVersion, "a1", true },
        { "malformed JSON", """{"version":"1.0","type":""", AgenkitErrorCodes.MalformedPayload, "unknown", true },
        { "invalid UTF-8", "hex:7b2276657273696f6e223a22ff227d", AgenkitErrorCodes.MalformedPayload, "unknown", true },
        { "not an object", "[1,2,3]", AgenkitErrorCodes.InvalidMessage, "unknown", true },
        { "missing version", """{"type":"request","id":"a2","payload":{}}""", AgenkitErrorCodes.InvalidMessage, "a2", true },
        { "missing type", """{"version":"1.0","id":"a3","payload":{}}""", AgenkitErrorCodes.InvalidMessage, "a3", true },
        { "missing id", """{"version":"1.0","type":"request","payload":{}}""", AgenkitErrorCodes.InvalidMessage, "unknown", true },
        { "missing payload", """{"version":"1.0","type":"request","id":"a4"}""", AgenkitErrorCodes.InvalidMessage, "a4", true },
        { "unknown type", """{"version":"1.0","type":"gossip","id":"a5","payload":{}}""", AgenkitErrorCodes.InvalidMessage, "a5", true },
        { "unknown method", """{"version":"1.0","type":"request","id":"b1","payload":{"method":"dance"}}""", AgenkitErrorCodes.InvalidMessage, "b1", false },
        { "missing method", """{"version":"1.0","type":"request","id":"b2","payload":{}}""", AgenkitErrorCodes.MalformedPayload, "b2", false },
        { "missing message", """{"version":"1.0","type":"request","id":"b3","payload":{"method":"process","agent_name":"echo"}}""", AgenkitErrorCodes.MalformedPayload, "b3", false },
        { "unknown agent", """{"version":"1.0","type":"request","id":"b4","payload":{"method":"stream","agent_name":"nope","message":{"role":"user","content":1}}}""", AgenkitErrorCodes.AgentNotFound, "b4", false },
        { "execute", """{"version":"1.0","type":"request","id":"b5","payload":{"method":"execute","tool_name":"calculator","kwargs":{}}}""", AgenkitErrorCodes.ToolNotFound, "b5", false },
        { "a response sent to a server", """{"version":"1.0","type":"response","id":"b6","payload":{}}""", AgenkitErrorCodes.InvalidMessage, "b6", false },
        { "unregister sent to an agent", """{"version":"1.0","type":"unregister","id":"b7","payload":{"agent_name":"echo"}}""", AgenkitErrorCodes.RegistrationFailed, "b7", false },
        { "negotiate after the first frame", """{"version":"1.0","type":"request","id":"b8","payload":{"method":"negotiate","codecs":["msgpack"]}}""", AgenkitErrorCodes.InvalidMessage, "b8", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_fault_gets_its_code_and_its_connection_policy(string name, string body, string code, string id, bool closes)
    {
        await using var host = await AgenkitHosts.StartAsync("unix", [new EchoAgent()]);
        await using var socket = await RawAgenkitSocket.ConnectAsync(host.Endpoint);
        // A good request first, so that "negotiate after the first frame" is after one, and every case starts on a working connection.
        await socket.SendAsync(RawAgenkitSocket.Frame(Encoding.UTF8.GetBytes("""{"version":"1.0","type":"request","id":"ok","timestamp":"","payload":""" + Good + "}")));
        Assert.Equal(AgenkitMessageType.Response, (await socket.ReadAsync())!.Type);

        var bytes = body.StartsWith("hex:", StringComparison.Ordinal) ? Convert.FromHexString(body[4..]) : Encoding.UTF8.GetBytes(body);
        await socket.SendAsync(RawAgenkitSocket.Frame(bytes));
        var error = await socket.ReadAsync();
        Assert.NotNull(error);
        Assert.Equal(AgenkitMessageType.Error, error.Type);
        Assert.True(code == error.Payload["error_code"]!.GetValue<string>(), name + ": " + error.Payload.ToJsonString());
        Assert.Equal(id, error.Id);
        Assert.NotNull(error.Payload["error_details"]);
        Assert.Equal(closes, await socket.ClosedWithinAsync(TimeSpan.FromMilliseconds(closes ? 5000 : 300)));
        AgenkitHosts.RemoveFolderOf(host.Endpoint.ToString());
    }

    [Theory]
    [MemberData(nameof(AgenkitHosts.Transports), MemberType = typeof(AgenkitHosts))]
    public async Task An_oversized_frame_is_refused_from_its_header_alone_and_the_connection_closed(string transport)
    {
        await using var host = await AgenkitHosts.StartAsync(transport, [new EchoAgent()], o => o.MaxFrameBytes = 4096);
        await using var socket = await RawAgenkitSocket.ConnectAsync(host.Endpoint);
        // Only the header: the body is never sent, so an answer proves the refusal did not wait for it.
        await socket.SendAsync(new byte[] { 0x00, 0x00, 0x10, 0x01 });
        var error = await socket.ReadAsync();
        Assert.Equal(AgenkitErrorCodes.MessageTooLarge, error!.Payload["error_code"]!.GetValue<string>());
        Assert.Equal(4097, error.Payload["error_details"]!["length"]!.GetValue<long>());
        Assert.True(await socket.ClosedWithinAsync(TimeSpan.FromSeconds(5)));
        AgenkitHosts.RemoveFolderOf(host.Endpoint.ToString());
    }

    [Fact]
    public async Task The_default_limit_is_ten_megabytes_exactly()
    {
        await using var host = await AgenkitHosts.StartAsync("tcp", [new EchoAgent()]);
        await using var over = await RawAgenkitSocket.ConnectAsync(host.Endpoint);
        await over.SendAsync(new byte[] { 0x00, 0xA0, 0x00, 0x01 });   // 10 MiB + 1
        Assert.Equal(AgenkitErrorCodes.MessageTooLarge, (await over.ReadAsync())!.Payload["error_code"]!.GetValue<string>());

        // 10 MiB itself is a legal frame: a 1 MB message goes through end to end.
        await using var remote = new AgentPlatform.Client.Agenkit.RemoteAgent("echo", host.Endpoint);
        var big = new string('m', 1_000_000);
        Assert.Equal(big, (await remote.ProcessAsync(big, TestContext.Current.CancellationToken)).ContentText);
    }
}
