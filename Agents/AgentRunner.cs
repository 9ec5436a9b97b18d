using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Agents;

/// <summary>
/// Runs one invocation the same way in every host: load the session's context, call the agent, save the
/// context with the loaded version; on a version conflict reload, re-apply the agent's recorded changes and
/// save again (bounded), so concurrent invocations of one session never lose an update.
/// </summary>
public static class AgentRunner
{
    /// <summary>How many saves are tried before the invocation ends with CONFLICT.</summary>
    public const int MaxSaveAttempts = 16;

    /// <summary>The context store key of an agent's session.</summary>
    public static string ContextKey(string agent, string session) => agent + "/" + session;

    /// <summary>Runs <paramref name="agent"/>; returns its result or throws <see cref="AgentException"/> / <see cref="OperationCanceledException"/>.</summary>
    public static Task<AgentRunResult> RunAsync(IAgent agent, AgentCall call, IInvocationChannel channel, IContextStore store,
        CancellationToken cancellationToken) => RunAsync(agent, call, channel, store, null, cancellationToken);

    /// <summary>As above, with <paramref name="steering"/> as the agent's <see cref="AgentInvocation.Steering"/>.</summary>
    public static async Task<AgentRunResult> RunAsync(IAgent agent, AgentCall call, IInvocationChannel channel, IContextStore store,
        SteeringInbox? steering, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(store);
        var key = ContextKey(agent.Name, call.Session);
        var loaded = await store.LoadAsync(key, cancellationToken).ConfigureAwait(false);
        var context = new AgentSessionContext(Decode(loaded), loaded.Version);
        var invocation = new AgentInvocation(call, context, channel, steering);
        var result = await agent.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        if (!context.HasChanges) return new AgentRunResult(result, 0);

        // The output is already with the client, so the save is not cancelled by a late interrupt.
        var state = context.State;
        var version = loaded.Version;
        for (var attempt = 1; attempt <= MaxSaveAttempts; attempt++)
        {
            if (await store.TrySaveAsync(key, version, Encode(state), CancellationToken.None).ConfigureAwait(false))
            {
                return new AgentRunResult(result, attempt - 1);
            }
            // Jittered backoff spreads writers that collided, so a hot session converges instead of livelocking.
            await Task.Delay(Random.Shared.Next(0, 1 << Math.Min(attempt + 1, 6)), CancellationToken.None).ConfigureAwait(false);
            var newer = await store.LoadAsync(key, CancellationToken.None).ConfigureAwait(false);
            version = newer.Version;
            state = context.Replay(Decode(newer));
        }
        throw new AgentException(AspErrorCodes.Conflict, "the session's context kept changing under this invocation", retryable: true);
    }

    private static MsgPackValue? Decode(StoredContext stored)
    {
        if (!stored.Exists || stored.Data.IsEmpty) return null;
        try
        {
            return MsgPackValue.FromRaw(stored.Data);
        }
        catch (MessagePackException ex)
        {
            throw new AgentException(AspErrorCodes.Internal, "the stored session context is not valid MessagePack: " + ex.Message);
        }
    }

    private static byte[] Encode(MsgPackValue? state) => (state ?? MsgPackValue.Nil).ToBytes();
}
