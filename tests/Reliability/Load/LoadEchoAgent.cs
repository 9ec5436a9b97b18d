using System.Globalization;
using AgentPlatform.Agents;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Reliability.Load;

/// <summary>
/// The suite's own agent, served in direct mode (an AgentProvider) and by the agenkit peer (a LocalAgent): streams its
/// input back as one chunk; an input <c>"slow:N"</c> first waits N milliseconds, so a fault can land mid-request.
/// </summary>
public sealed class LoadEchoAgent(string name) : IAgent
{
    public string Name => name;

    public AgentDescriptor Describe() => new() { Name = name, Capabilities = ["stream"], Description = "reliability suite echo" };

    public async ValueTask<MsgPackValue?> InvokeAsync(AgentInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        if (invocation.Input is { Kind: MsgPackValueKind.String } s && s.AsString() is { } text && text.StartsWith("slow:", StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            await Task.Delay(Math.Min(ms, 60_000), cancellationToken).ConfigureAwait(false);
        }
        await invocation.WriteChunkAsync(invocation.Input, cancellationToken).ConfigureAwait(false);
        return null;
    }
}
