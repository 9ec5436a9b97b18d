using AgentPlatform.Agents;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Functions.FunctionalTests.Steering;

/// <summary><c>first-steer</c>: writes one chunk ("ready"), then returns the first steering input it receives (10 s at most).</summary>
public sealed class FirstSteeringAgent : IAgent
{
    public const string AgentName = "first-steer";

    public string Name => AgentName;

    public AgentDescriptor Describe() => new() { Name = Name };

    public async ValueTask<MsgPackValue?> InvokeAsync(AgentInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        await invocation.WriteChunkAsync("ready", cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        return await invocation.Steering.ReadAsync(deadline.Token);
    }
}
