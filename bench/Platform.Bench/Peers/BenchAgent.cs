using AgentPlatform.Agents;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Platform.Bench.Peers;

/// <summary>
/// The agents the external provider serves through the Relay: <c>bench-echo</c> returns its input as the result;
/// <c>bench-stream</c> answers input n with n 64-byte chunks (STREAM frames), then COMPLETE (Relay.Bench's shapes).
/// </summary>
public sealed class BenchAgent(string name) : IAgent
{
    public const string Echo = "bench-echo";
    public const string Stream = "bench-stream";

    private static readonly MsgPackValue Chunk = MsgPackValue.FromBinary(new byte[64]);

    public static IAgent[] All => [new BenchAgent(Echo), new BenchAgent(Stream)];

    public string Name => name;

    public AgentDescriptor Describe() => new() { Name = name, Capabilities = ["stream"] };

    public async ValueTask<MsgPackValue?> InvokeAsync(AgentInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        if (name == Echo) return invocation.Input;
        var n = invocation.Input.AsInt64();
        for (var i = 0; i < n; i++) await invocation.WriteChunkAsync(Chunk, cancellationToken).ConfigureAwait(false);
        return null;
    }
}
