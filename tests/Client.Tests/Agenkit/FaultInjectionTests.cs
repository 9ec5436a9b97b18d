using System.Net.Sockets;
using System.Text.Json.Nodes;
using AgentPlatform.Client.Agenkit;
using AgentPlatform.Functions.Agents;
using AgentPlatform.Protocol.Agenkit;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Client.Tests.Agenkit;

/// <summary>
/// Seed 003 §9.4's faults against LocalAgent and RemoteAgent over real sockets: a peer killed mid-request, a slow
/// reader, garbage, oversize (the last two also in ErrorPolicyTests and the fuzz below). Killing a separate
/// process is in tests/Interop/Agenkit (the Python peer).
/// </summary>
public sealed class FaultInjectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AgenkitMessage Input(string json) => new("user", JsonNode.Parse(json), [], "");

    [Theory]
    [MemberData(nameof(AgenkitHosts.Transports), MemberType = typeof(AgenkitHosts))]
    public async Task A_client_killed_mid_request_cancels_its_agent_and_others_are_unaffected(string transport)
    {
        var probe = new ProbeAgent();
        await using var host = await AgenkitHosts.StartAsync(transport, [probe, new EchoAgent()]);
        var socket = await RawAgenkitSocket.ConnectAsync(host.Endpoint);
        await socket.SendAsync(AgenkitEnvelope.ForRequest("k1", AgenkitMethods.Stream, "probe", Input("""{"hang":true}""")));
        await probe.Started.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        socket.Socket.Close(0);   // RST: the client process died
        await socket.DisposeAsync();
        await probe.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        await Eventually.TrueAsync(() => host.ConnectionCount == 0, TimeSpan.FromSeconds(5), "the dead connection was dropped");
        await using var remote = new RemoteAgent("echo", host.Endpoint);
        Assert.Equal("alive", (await remote.ProcessAsync("alive", Ct)).ContentText);
        AgenkitHosts.RemoveFolderOf(host.Endpoint.ToString());
    }

    [Theory]
    [MemberData(nameof(AgenkitHosts.Transports), MemberType = typeof(AgenkitHosts))]
    public async Task A_server_stopped_mid_request_fails_the_call_fast_with_a_connection_code(string transport)
    {
        var probe = new ProbeAgent();
        var host = await AgenkitHosts.StartAsync(transport, [probe]);
        var endpoint = host.Endpoint;
        await using var remote = new RemoteAgent("probe", endpoint, new RemoteAgentOptions { MaxAttempts = 2, InitialBackoff = TimeSpan.FromMilliseconds(10) });
        var call = remote.ProcessAsync(Input("""{"hang":true}"""), Ct);
        await probe.Started.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await host.DisposeAsync();
        var ex = await Assert.ThrowsAsync<AgenkitRemoteException>(() => call);
        // The retry found nobody listening; either way the caller learns within a second, not at the 30 s deadline.
        Assert.Contains(ex.Code, new[] { AgenkitErrorCodes.ConnectionFailed, AgenkitErrorCodes.ConnectionClosed });
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), clock.Elapsed.ToString());
        AgenkitHosts.RemoveFolderOf(endpoint.ToString());
    }

    [Theory]
    [MemberData(nameof(AgenkitHosts.Transports), MemberType = typeof(AgenkitHosts))]
    public async Task A_slow_reader_is_cut_off_after_the_write_timeout_without_stalling_anyone_else(string transport)
    {
        var probe = new ProbeAgent();
        await using var host = await AgenkitHosts.StartAsync(transport, [probe, new EchoAgent()], o => o.WriteTimeout = TimeSpan.FromMilliseconds(500));
        await using var reader = await RawAgenkitSocket.ConnectAsync(host.Endpoint);
        reader.Socket.ReceiveBufferSize = 4096;
        // Gigabytes of stream for a client that never reads: the agent must stall on backpressure, then be cancelled.
        await reader.SendAsync(AgenkitEnvelope.ForRequest("flood", AgenkitMethods.Stream, "probe", Input("""{"chunks":100000,"size":60000}""")));
        await using (var other = new RemoteAgent("echo", host.Endpoint))
        {
            for (var i = 0; i < 20; i++) Assert.Equal("served " + i, (await other.ProcessAsync("served " + i, Ct)).ContentText);
        }
        await probe.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        // Only the reader's connection was dropped (the other RemoteAgent's closed with its dispose).
        await Eventually.TrueAsync(() => host.ConnectionCount == 0, TimeSpan.FromSeconds(10), "the slow reader's connection was closed");
        Assert.True(probe.Calls == 1);
        AgenkitHosts.RemoveFolderOf(host.Endpoint.ToString());
    }

    [Fact]
    public async Task Garbage_bytes_never_hang_or_crash_the_server_fuzz()
    {
        await using var host = await AgenkitHosts.StartAsync("unix", [new EchoAgent()], o => o.MaxFrameBytes = 1 << 16);
        var random = new Random(1603);
        for (var round = 0; round < 200; round++)
        {
            var bytes = Garbage(random, round);
            await using var socket = await RawAgenkitSocket.ConnectAsync(host.Endpoint);
            try
            {
                await socket.SendAsync(bytes);
                socket.Socket.Shutdown(SocketShutdown.Send);
            }
            catch (Exception ex) when (ex is IOException or SocketException)
            {
                continue;   // the server already refused and closed
            }
            // Whatever comes back is well-formed: error envelopes (or answers, when the garbage happened to be valid).
            while (true)
            {
                byte[]? body;
                try
                {
                    body = await socket.ReadBodyAsync(TimeSpan.FromSeconds(5));
                }
                catch (IOException)
                {
                    break;
                }
                if (body is null) break;
                Assert.True(AgenkitEnvelopeCodec.Decode(body).Success, "round " + round);
            }
        }
        await using var remote = new RemoteAgent("echo", host.Endpoint);
        Assert.Equal("after fuzz", (await remote.ProcessAsync("after fuzz", Ct)).ContentText);
        Assert.Equal(1, host.ConnectionCount);
        AgenkitHosts.RemoveFolderOf(host.Endpoint.ToString());
    }

    // Pure noise, plausible headers with noise bodies, and valid frames with bytes flipped.
    private static byte[] Garbage(Random random, int round)
    {
        switch (round % 3)
        {
            case 0:
                var noise = new byte[random.Next(1, 300)];
                random.NextBytes(noise);
                return noise;
            case 1:
                var body = new byte[random.Next(0, 200)];
                random.NextBytes(body);
                return RawAgenkitSocket.Frame(body);
            default:
                var frame = AgenkitFraming.ToFrame(AgenkitEnvelope.ForRequest("f" + round, AgenkitMethods.Process, "echo", AgenkitMessage.Text("user", "fuzz")));
                for (var i = 0; i < 1 + random.Next(3); i++) frame[4 + random.Next(frame.Length - 4)] ^= (byte)(1 << random.Next(8));
                return frame;
        }
    }
}
