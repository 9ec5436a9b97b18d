using System.Buffers;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Server.AspV1.Connections;

namespace AgentPlatform.Server.AspV1.Providers;

/// <summary>
/// What a host does with connections whose HELLO says <c>role: provider</c> (a direct-mode agent runtime). Only the
/// Relay serves providers; an endpoint without this refuses the role with BAD_FRAME.
/// </summary>
public interface IProviderRole
{
    /// <summary>A provider session opened, serving <paramref name="agents"/> (names already validated).</summary>
    ValueTask OpenedAsync(IAspV1Connection provider, IReadOnlyList<string> agents);

    /// <summary>STREAM, TOOL_DEF, REQUEST, COMPLETE, ERROR or INTERRUPT from the provider about a forwarded invocation.</summary>
    ValueTask FrameAsync(IAspV1Connection provider, AspFrame frame, ReadOnlySequence<byte> raw);

    /// <summary>The provider session closed for good: every invocation it was serving fails, retryable.</summary>
    ValueTask ClosedAsync(IAspV1Connection provider);
}
