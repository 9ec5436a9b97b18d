using System.Net;
using System.Net.Sockets;
using AgentPlatform.Reliability.Proxy;

namespace AgentPlatform.Reliability.Tests.Proxy;

/// <summary>The suite's cutting proxy: forwards both ways, a cut ends every live connection (RST or FIN), it accepts again after.</summary>
public sealed class CuttingProxyTests
{
    [Theory(Timeout = 30_000)]
    [InlineData(CutMode.Reset)]
    [InlineData(CutMode.Fin)]
    public async Task A_cut_ends_every_live_connection_and_the_proxy_accepts_new_ones(CutMode mode)
    {
        using var echo = new TcpListener(IPAddress.Loopback, 0);
        echo.Start();
        var serving = ServeEchoAsync(echo);
        await using var proxy = CuttingProxy.Start(new Uri("http://127.0.0.1:" + ((IPEndPoint)echo.LocalEndpoint).Port));

        using var first = await ConnectAsync(proxy.Port);
        using var second = await ConnectAsync(proxy.Port);
        Assert.Equal("ping", await RoundTripAsync(first, "ping"));
        Assert.Equal("pong", await RoundTripAsync(second, "pong"));
        await WaitAsync(() => proxy.Live == 2);

        Assert.Equal(2, proxy.Cut(mode));
        Assert.Equal(1, proxy.Cuts);
        foreach (var client in new[] { first, second })
        {
            // A reset fails the read; a FIN reads end-of-stream. Either way, nothing more arrives.
            var buffer = new byte[16];
            var ended = await ReadEndAsync(client, buffer);
            Assert.True(ended, "the connection should have ended with the cut");
        }

        using var third = await ConnectAsync(proxy.Port);
        Assert.Equal("again", await RoundTripAsync(third, "again"));
        Assert.Equal(3L, proxy.Accepted);
        // Closing the last client ends its pair (the proxy passes the FIN on), so every echo loop ends.
        third.Dispose();
        echo.Stop();
        Assert.True(await Task.WhenAny(serving, Task.Delay(TimeSpan.FromSeconds(10))) == serving, "the echo server should end once its clients are gone");
    }

    [Fact(Timeout = 30_000)]
    public async Task Via_points_a_url_at_the_proxy_and_keeps_its_path()
    {
        await using var proxy = CuttingProxy.Start(new Uri("ws://127.0.0.1:9/v1/agent-socket?x=1"));
        var via = proxy.Via(new Uri("ws://127.0.0.1:9/v1/agent-socket?x=1"));
        Assert.Equal($"ws://127.0.0.1:{proxy.Port}/v1/agent-socket?x=1", via.ToString());
    }

    private static async Task<bool> ReadEndAsync(Socket socket, byte[] buffer)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            return await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) == 0;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    private static async Task<Socket> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        return socket;
    }

    private static async Task<string> RoundTripAsync(Socket socket, string text)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(text);
        await socket.SendAsync(bytes, SocketFlags.None);
        var buffer = new byte[bytes.Length];
        var read = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, timeout.Token);
            if (n == 0) break;
            read += n;
        }
        return System.Text.Encoding.ASCII.GetString(buffer, 0, read);
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition());
    }

    private static async Task ServeEchoAsync(TcpListener listener)
    {
        List<Task> echoes = [];
        try
        {
            for (var i = 0; i < 10; i++)
            {
                var socket = await listener.AcceptSocketAsync();
                echoes.Add(EchoAsync(socket));
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
        await Task.WhenAll(echoes);
    }

    private static async Task EchoAsync(Socket socket)
    {
        using (socket)
        {
            var buffer = new byte[1024];
            try
            {
                int n;
                while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None)) > 0) await socket.SendAsync(buffer.AsMemory(0, n), SocketFlags.None);
            }
            catch (SocketException)
            {
                // Cut by the proxy.
            }
        }
    }
}
