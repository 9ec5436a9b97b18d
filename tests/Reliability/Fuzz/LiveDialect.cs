using System.Net.WebSockets;

namespace AgentPlatform.Reliability.Fuzz;

/// <summary>
/// One WebSocket dialect as the live fuzzer drives it: how to connect (and handshake), the message type, the fuzzed
/// inputs, how to judge what the server sends, and a probe: a small valid frame sent after each fuzzed one whose
/// answer proves the server has handled the fuzzed frame and still serves this connection.
/// </summary>
public sealed class LiveDialect
{
    public required LiveFuzzStats Stats { get; init; }

    public required Func<CancellationToken, Task<ClientWebSocket>> Connect { get; init; }

    public required WebSocketMessageType MessageType { get; init; }

    public required FuzzMutator Mutator { get; init; }

    /// <summary>Judges one server message: null when fine, else the failure (and counts protocol errors).</summary>
    public required Func<byte[], LiveFuzzStats, string?> Classify { get; init; }

    /// <summary>The n-th probe.</summary>
    public required Func<long, byte[]> Probe { get; init; }

    /// <summary>True for the answer to a probe.</summary>
    public required Func<byte[], bool> IsProbeAnswer { get; init; }
}
