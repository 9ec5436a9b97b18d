using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using AgentPlatform.Client.Agenkit;
using AgentPlatform.Protocol.Agenkit;

namespace AgentPlatform.Agenkit.Bench;

/// <summary>The .NET side: RemoteAgent round trips, and the bare-echo floor with a plain socket.</summary>
public static class DotnetBench
{
    public static readonly string Content = new('x', 256);

    /// <summary>RemoteAgent.ProcessAsync of a 256-character message, sequentially, on one pooled connection.</summary>
    public static async Task<Latency> ProcessAsync(AgenkitEndpoint endpoint, string agent, int calls, int warmup)
    {
        await using var remote = new RemoteAgent(agent, endpoint, new RemoteAgentOptions { MaxAttempts = 1 });
        var message = AgenkitMessage.Text("user", Content);
        return await Latency.MeasureAsync(calls, warmup, async () =>
        {
            var answer = await remote.ProcessAsync(message);
            if (answer.ContentText.Length != Content.Length) throw new InvalidOperationException("wrong answer from " + endpoint);
        });
    }

    /// <summary>
    /// The floor: the same request frame encoded each time, sent on a plain socket to a server that copies it back,
    /// and the echoed frame decoded. The server side does no JSON, no routing and no agent.
    /// </summary>
    public static async Task<Latency> BareEchoAsync(AgenkitEndpoint endpoint, string agent, int calls, int warmup)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        using var socket = endpoint.IsUnix
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endpoint.IsUnix ? new UnixDomainSocketEndPoint(endpoint.Path!) : new IPEndPoint(IPAddress.Parse(endpoint.Host!), endpoint.Port));
        await using var stream = new NetworkStream(socket);
        var output = new ArrayBufferWriter<byte>(1024);
        var input = new byte[1 << 16];
        var message = AgenkitMessage.Text("user", Content);
        long id = 0;
        return await Latency.MeasureAsync(calls, warmup, async () =>
        {
            output.ResetWrittenCount();
            AgenkitFraming.TryWriteFrame(output, AgenkitEnvelope.ForRequest("b" + id++, AgenkitMethods.Process, agent, message));
            await stream.WriteAsync(output.WrittenMemory);
            await stream.ReadExactlyAsync(input.AsMemory(0, 4));
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(input);
            await stream.ReadExactlyAsync(input.AsMemory(0, length));
            if (!AgenkitEnvelopeCodec.Decode(input.AsMemory(0, length)).Success) throw new InvalidOperationException("bad echo");
        });
    }
}
