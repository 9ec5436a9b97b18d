using AgentPlatform.Agents;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Functions.Agents;

/// <summary>
/// <c>conversation</c>: remembers what the session said. State is <c>{turns, history: [said…]}</c> (the last
/// <see cref="MaxHistory"/> inputs). Each turn streams <c>{turn, said, history}</c> and returns <c>{turn}</c>.
/// </summary>
public sealed class ConversationAgent : IAgent
{
    public const int MaxHistory = 50;

    public string Name => "conversation";

    public AgentDescriptor Describe() => new()
    {
        Name = Name,
        Description = "A stateful conversation: answers with the turn number and everything the session said before.",
        Capabilities = ["stream", "stateful"],
    };

    public async ValueTask<MsgPackValue?> InvokeAsync(AgentInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var said = invocation.Input;
        invocation.Context.Update(state => Append(state, said));
        var state = invocation.Context.State!;
        var turn = state["turns"].AsInt64();
        await invocation.WriteChunkAsync(MsgPackValue.Map(("turn", turn), ("said", said), ("history", state["history"])), cancellationToken)
            .ConfigureAwait(false);
        return MsgPackValue.Map(("turn", turn));
    }

    /// <summary>The state change of one turn; pure, so it can be re-applied on a newer state after a conflict.</summary>
    public static MsgPackValue Append(MsgPackValue? state, MsgPackValue said)
    {
        long turns = 0;
        IReadOnlyList<MsgPackValue> history = [];
        if (state is { Kind: MsgPackValueKind.Map })
        {
            if (state.TryGetValue("turns", out var t) && t.TryGetInt64(out var n)) turns = n;
            if (state.TryGetValue("history", out var h) && h.Kind == MsgPackValueKind.Array) history = h.AsArray();
        }
        var next = history.Append(said).TakeLast(MaxHistory).ToArray();
        return MsgPackValue.Map(("turns", turns + 1), ("history", MsgPackValue.Array(next)));
    }
}
