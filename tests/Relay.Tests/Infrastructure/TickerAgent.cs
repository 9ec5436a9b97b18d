using System.Collections.Concurrent;
using AgentPlatform.Agents;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Relay.Tests.Infrastructure;

/// <summary>
/// A test agent hosted by the real Functions app: input <c>{count, delayMs, startDelayMs?}</c>, waits startDelayMs,
/// writes the integers 0..count-1 as STREAM chunks with a delay between them, returns <c>"done"</c>. Records which invocations saw their token fire.
/// </summary>
public sealed class TickerAgent : IAgent
{
    public const string AgentName = "ticker";

    /// <summary>Invocation ids whose CancellationToken fired inside the function.</summary>
    public ConcurrentDictionary<string, DateTimeOffset> Cancelled { get; } = new();

    public string Name => AgentName;

    public AgentDescriptor Describe() => new() { Name = Name, Description = "Counts, slowly.", Capabilities = ["stream"] };

    public async ValueTask<MsgPackValue?> InvokeAsync(AgentInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var input = invocation.Input;
        var count = input.TryGetValue("count", out var c) ? (int)c.AsInt64() : 3;
        var delay = input.TryGetValue("delayMs", out var d) ? (int)d.AsInt64() : 10;
        var startDelay = input.TryGetValue("startDelayMs", out var sd) ? (int)sd.AsInt64() : 0;
        try
        {
            if (startDelay > 0) await Task.Delay(startDelay, cancellationToken);
            for (var i = 0; i < count; i++)
            {
                await invocation.WriteChunkAsync(MsgPackValue.From(i), cancellationToken);
                while (invocation.Steering.TryRead(out var steered)) await invocation.WriteChunkAsync(MsgPackValue.Map(("steered", steered)), cancellationToken);
                if (delay > 0) await Task.Delay(delay, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            Cancelled[invocation.Call.Id] = DateTimeOffset.UtcNow;
            throw;
        }
        return MsgPackValue.From("done");
    }
}
