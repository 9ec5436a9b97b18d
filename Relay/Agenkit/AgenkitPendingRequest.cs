using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Relay.Agenkit;

/// <summary>A process or stream request in flight on one connection, keyed by the client's id.</summary>
internal sealed class AgenkitPendingRequest(string id, string agent, bool stream)
{
    private int _answered;

    public string Id { get; } = id;

    public string Agent { get; } = agent;

    /// <summary>True for <c>stream</c> (chunks go out as they come), false for <c>process</c> (chunks are collected).</summary>
    public bool Stream { get; } = stream;

    /// <summary>The chunks a process request collected so far (touched by one invocation's frames, in order).</summary>
    public List<MsgPackValue> Chunks { get; } = [];

    /// <summary>Cancels a forwarded request when the connection ends.</summary>
    public CancellationTokenSource? Forwarding { get; init; }

    /// <summary>Claims the one final answer; false when it was given already.</summary>
    public bool TryFinish() => Interlocked.Exchange(ref _answered, 1) == 0;
}
