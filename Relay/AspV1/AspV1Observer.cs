using System.Diagnostics;
using AgentPlatform.Relay.Admin;
using AgentPlatform.Relay.AspV1.Sessions;
using AgentPlatform.Relay.Core;
using AgentPlatform.Relay.Diagnostics;
using AgentPlatform.Server.AspV1;
using AgentPlatform.Server.AspV1.Connections;
using AgentPlatform.Server.AspV1.Invocations;

namespace AgentPlatform.Relay.AspV1;

/// <summary>
/// What the Relay records of asp-v1 traffic: the relay.* metrics, an "asp-v1 invoke" span per invocation (the parent
/// of the call to Functions), the admin API's invocation log and each connection's counters.
/// </summary>
public sealed class AspV1Observer(RelayTelemetry telemetry, InvocationLog log, RelayCore core, TimeProvider time) : IAspV1Observer
{
    public void ConnectionOpened(IAspV1Connection connection) => telemetry.Connections.Add(1);

    public void ConnectionClosed(IAspV1Connection connection) => telemetry.Connections.Add(-1);

    public void FrameReceived(IAspV1Connection connection, int bytes)
    {
        ((RelayAspV1Connection)connection).Relay.Counters.FrameIn(bytes);
        telemetry.FramesIn.Add(1);
    }

    public void Rejected(string reason) => telemetry.Rejections.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void UnknownAgent(string agent) =>
        telemetry.Invocations.Add(1, new("agent", agent), new("outcome", "unknown_agent"));

    public void InvocationStarted(Invocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var mode = invocation.Target.Mode;
        var record = new InvocationRecord
        {
            Id = invocation.Id, Agent = invocation.Agent, ConnectionId = invocation.Caller.ConnectionId, Mode = mode, StartedAt = time.GetUtcNow(),
        };
        // Each invocation is a trace of its own, linked to its connection's: under the connection's span (which lasts as
        // long as the WebSocket) every invocation of a sampled connection would be recorded, whatever the trace rate.
        var connection = Activity.Current;
        Activity.Current = null;
        var activity = RelayTelemetry.Source.StartActivity("asp-v1 invoke", ActivityKind.Server, default(ActivityContext),
            links: connection is null ? null : [new ActivityLink(connection.Context)]);
        activity?.SetTag("agent", invocation.Agent);
        activity?.SetTag("mode", mode);
        invocation.HostState = new Started(record, activity);
        Connection(invocation)?.Counters.AddInflight(1);
        log.Started(record);
    }

    public void InvocationEnded(Invocation invocation, string status, string? errorCode)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        if (invocation.HostState is not Started started) return;
        var ms = invocation.ElapsedMs;
        var mode = invocation.Target.Mode;
        Connection(invocation)?.Counters.AddInflight(-1);
        log.Ended(started.Record, status, errorCode, ms);
        telemetry.Invocations.Add(1, new("agent", invocation.Agent), new("mode", mode), new("outcome", status));
        telemetry.InvocationDuration.Record(ms, new KeyValuePair<string, object?>("agent", invocation.Agent),
            new KeyValuePair<string, object?>("mode", mode));
        started.Activity?.SetTag("outcome", status);
        started.Activity?.Dispose();
    }

    private RelayConnection? Connection(Invocation invocation) =>
        core.Hub(AspV1Dialect.HubName).TryGet(invocation.Caller.ConnectionId, out var connection) ? connection : null;

    private sealed record Started(InvocationRecord Record, Activity? Activity);
}
