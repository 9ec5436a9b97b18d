using AgentPlatform.Agents;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Functions.FunctionalTests.Agents;

/// <summary>
/// A test agent (<c>probe</c>): streams "started", then behaves by its input: "wait" waits until cancelled and
/// reports that its token fired; "throw" fails; "refuse" throws an AgentException; "count:N" streams N chunks.
/// </summary>
public sealed class ProbeAgent : IAgent
{
    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name => "probe";

    public AgentDescriptor Describe() => new() { Name = Name };

    public async ValueTask<MsgPackValue?> InvokeAsync(AgentInvocation invocation, CancellationToken cancellationToken)
    {
        var input = invocation.Input.AsString();
        await invocation.WriteChunkAsync("started", cancellationToken);
        switch (input)
        {
            case "wait":
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    Cancelled.TrySetResult();
                    throw;
                }
                return null;
            case "throw":
                throw new InvalidOperationException("boom with a secret inside");
            case "refuse":
                throw new AgentException(AspErrorCodes.BadInput, "probe refuses", retryable: false);
            default:
                var count = int.Parse(input["count:".Length..], System.Globalization.CultureInfo.InvariantCulture);
                for (var i = 0; i < count; i++) await invocation.WriteChunkAsync(i, cancellationToken);
                return count;
        }
    }
}
