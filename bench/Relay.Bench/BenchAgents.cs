using AgentPlatform.Agents;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Relay.Bench;

/// <summary>
/// The agents of the run, served by the product's own runtimes (the in-process endpoint and AgentProvider):
/// <c>bench-echo</c> returns its input as the result (one COMPLETE, like the raw echo's one message back);
/// <c>bench-stream</c> answers input n with n 64-byte chunks (STREAM frames), then COMPLETE.
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
