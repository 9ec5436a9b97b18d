using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Relay.Bench;

/// <summary>
/// A direct-mode runtime for the run: <c>bench-echo</c> answers COMPLETE with the input as result;
/// <c>bench-stream</c> answers input n with n STREAM frames of 64 bytes, then COMPLETE.
/// </summary>
public static class BenchProvider
{
    private static readonly MsgPackValue Chunk = MsgPackValue.FromBinary(new byte[64]);

    public static async Task<BenchSocket> StartAsync(Uri relay, string token, params string[] agents)
    {
        var socket = await BenchSocket.ConnectAsync(relay, token);
        await socket.SendAsync(new ClientHelloFrame(1, ["stream"]) { Role = AspRoles.Provider, Agents = agents });
        if (await socket.ReceiveAsync() is not ServerHelloFrame) throw new InvalidOperationException("no HELLO");
        _ = Task.Run(() => ServeAsync(socket));
        return socket;
    }

    private static async Task ServeAsync(BenchSocket socket)
    {
        try
        {
            while (true)
            {
                if (await socket.ReceiveAsync() is not InvokeFrame invoke) continue;
                if (invoke.Agent == "bench-stream")
                {
                    var n = invoke.Input.AsInt64();
                    for (var i = 0; i < n; i++) await socket.SendAsync(new StreamFrame(invoke.Id, (ulong)i, Chunk));
                    await socket.SendAsync(new CompleteFrame(invoke.Id));
                }
                else
                {
                    await socket.SendAsync(new CompleteFrame(invoke.Id) { Result = invoke.Input });
                }
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Net.WebSockets.WebSocketException or ObjectDisposedException)
        {
            // The run is over.
        }
    }
}
