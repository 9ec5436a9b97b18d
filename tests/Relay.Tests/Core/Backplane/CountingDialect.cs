using System.Text;
using AgentPlatform.Relay.Core;
using AgentPlatform.Server.Transport;

namespace AgentPlatform.Relay.Tests.Core.Backplane;

/// <summary>
/// A text dialect that counts its Encode calls and lets the core share untracked frames (one key for every
/// connection), like Web PubSub's subprotocol clients.
/// </summary>
public sealed class CountingDialect(bool shares = true) : IRelayDialect
{
    private static readonly object Key = new();
    private int _encodes;

    public string Name => "counting-test";

    public bool TracksRoutedMessages => true;

    public int Encodes => Volatile.Read(ref _encodes);

    public bool Accepts(RelayConnection connection, in RelayMessage message) => message.DataType == "text";

    public object? SharedEncodingKey(RelayConnection connection, in RelayMessage message) => shares ? Key : null;

    public OutboundFrame Encode(RelayConnection connection, in RelayMessage message, long sequence)
    {
        Interlocked.Increment(ref _encodes);
        return new(Encoding.UTF8.GetBytes($"{sequence}:{Encoding.UTF8.GetString(message.Data.Span)}"), FrameType.Text);
    }
}
