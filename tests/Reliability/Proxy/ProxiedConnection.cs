using System.Net.Sockets;

namespace AgentPlatform.Reliability.Proxy;

/// <summary>One client connection of <see cref="CuttingProxy"/> and its upstream twin; ending either side ends both.</summary>
internal sealed class ProxiedConnection(Socket client, Socket upstream)
{
    private int _closed;

    public Socket Client { get; } = client;

    public Socket Upstream { get; } = upstream;

    /// <summary>Closes both sockets once (later calls do nothing), abortively or with a FIN.</summary>
    public bool Close(CutMode mode)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return false;
        End(Client, mode);
        End(Upstream, mode);
        return true;
    }

    private static void End(Socket socket, CutMode mode)
    {
        try
        {
            if (mode == CutMode.Reset)
            {
                // Linger 0 turns the close into a RST: the peer's next read or write fails at once.
                socket.LingerState = new LingerOption(true, 0);
            }
            else
            {
                socket.Shutdown(SocketShutdown.Both);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already gone: the close below is all that is left to do.
        }
        socket.Dispose();
    }
}
