using System.Diagnostics;
using AgentPlatform.Agents;
using AgentPlatform.Functions.Telemetry;

namespace AgentPlatform.Functions.Contexts;

/// <summary>
/// Puts every context load and save on the invocation's trace as a client span of "AgentPlatform.Functions",
/// whichever store is configured, so a trace shows the store's share of an invocation. The key is not
/// recorded: it carries the caller's session id.
/// </summary>
public sealed class TracedContextStore(IContextStore inner, string system) : IContextStore
{
    /// <summary>The store this one traces.</summary>
    public IContextStore Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <inheritdoc />
    public async ValueTask<StoredContext> LoadAsync(string key, CancellationToken cancellationToken)
    {
        using var activity = Start("context.load");
        try
        {
            var stored = await Inner.LoadAsync(key, cancellationToken).ConfigureAwait(false);
            activity?.SetTag("agentplatform.context.version", stored.Version);
            return stored;
        }
        catch (Exception ex) when (activity is not null && Fail(activity, ex))
        {
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> TrySaveAsync(string key, long expectedVersion, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        using var activity = Start("context.save");
        activity?.SetTag("agentplatform.context.expected_version", expectedVersion);
        activity?.SetTag("agentplatform.context.bytes", data.Length);
        try
        {
            var saved = await Inner.TrySaveAsync(key, expectedVersion, data, cancellationToken).ConfigureAwait(false);
            activity?.SetTag("agentplatform.context.conflict", !saved);
            return saved;
        }
        catch (Exception ex) when (activity is not null && Fail(activity, ex))
        {
            throw;
        }
    }

    private Activity? Start(string name)
    {
        var activity = FunctionsTelemetry.ActivitySource.StartActivity(name, ActivityKind.Client);
        activity?.SetTag("db.system.name", system);
        return activity;
    }

    // An exception filter that records and never catches: the caller sees the original exception and stack.
    private static bool Fail(Activity activity, Exception ex)
    {
        activity.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
        return false;
    }
}
