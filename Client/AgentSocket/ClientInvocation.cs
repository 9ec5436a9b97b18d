using System.Threading.Channels;

namespace AgentPlatform.Client.AgentSocket;

/// <summary>One invocation the client started: the events the receive loop routes to it, until it ends.</summary>
internal sealed class ClientInvocation(string id)
{
    private int _ended;

    public string Id { get; } = id;

    public Channel<InvocationEvent> Events { get; } = Channel.CreateUnbounded<InvocationEvent>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });

    public bool Ended => Volatile.Read(ref _ended) == 1;

    public void Post(InvocationEvent evt) => Events.Writer.TryWrite(evt);

    /// <summary>Ends the event stream, with an error when <paramref name="error"/> is given; only the first end counts.</summary>
    public bool End(Exception? error = null)
    {
        if (Interlocked.Exchange(ref _ended, 1) == 1) return false;
        Events.Writer.TryComplete(error);
        return true;
    }
}
