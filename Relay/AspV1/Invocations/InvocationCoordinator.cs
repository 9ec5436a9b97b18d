using System.Buffers;
using System.Diagnostics;
using AgentPlatform.Protocol.Functions;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Protocol.Registry;
using AgentPlatform.Relay.Admin;
using AgentPlatform.Relay.AspV1.Connections;
using AgentPlatform.Relay.Core;
using AgentPlatform.Relay.Diagnostics;
using AgentPlatform.Relay.Routing;
using AgentPlatform.Relay.Routing.Providers;
using AgentPlatform.Relay.Upstream.Functions;

namespace AgentPlatform.Relay.AspV1.Invocations;

/// <summary>
/// Routes asp-v1 invocations: INVOKE to a relay-mode function (HTTP, streamed) or a direct-mode provider
/// connection (frames forwarded both ways with remapped ids); INTERRUPT and REPLY to wherever the invocation runs;
/// exactly one COMPLETE or ERROR back to the client.
/// </summary>
public sealed class InvocationCoordinator(
    AgentDirectory directory, FunctionsClient functions, RelayCore core, RelayOptions options, InvocationLog log,
    RelayTelemetry telemetry, TimeProvider time)
{
    /// <summary>Handles a client's INVOKE: refuses it with an ERROR, or starts it and returns at once.</summary>
    public async ValueTask StartAsync(RelayConnection client, AspV1ConnectionState state, InvokeFrame invoke)
    {
        if (state.Invocations.ContainsKey(invoke.Id))
        {
            await SendAsync(client, ErrorFrame.For(AspErrorCodes.DuplicateId, "an invocation with this id is in flight", invoke.Id)).ConfigureAwait(false);
            return;
        }
        if (state.Invocations.Count >= options.Limits.MaxConcurrentInvocations)
        {
            await SendAsync(client, ErrorFrame.For(AspErrorCodes.TooManyInvocations,
                $"at most {options.Limits.MaxConcurrentInvocations} invocations may be in flight", invoke.Id)).ConfigureAwait(false);
            return;
        }
        var route = directory.Resolve(invoke.Agent);
        if (route is null && options.FunctionsUrl is { } fallback && !directory.Instances(invoke.Agent).Any(i => i.Mode == AgentModes.Direct)
            && directory.Instances(invoke.Agent).Count > 0)
        {
            route = new AgentRoute(AgentModes.Relay, fallback, null);
        }
        if (route is null)
        {
            telemetry.Invocations.Add(1, new("agent", invoke.Agent), new("outcome", "unknown_agent"));
            await SendAsync(client, ErrorFrame.For(AspErrorCodes.UnknownAgent, "no agent of that name is available", invoke.Id)).ConfigureAwait(false);
            return;
        }
        var record = new InvocationRecord
        {
            Id = invoke.Id, Agent = invoke.Agent, ConnectionId = client.Id, Mode = route.Mode, StartedAt = time.GetUtcNow(),
        };
        var activity = RelayTelemetry.Source.StartActivity("asp-v1 invoke", ActivityKind.Server);
        activity?.SetTag("agent", invoke.Agent);
        activity?.SetTag("mode", route.Mode);
        var invocation = new ActiveInvocation(invoke.Id, invoke.Agent, route.Mode, record)
        {
            FunctionsBase = route.FunctionsBaseUrl,
            Provider = route.Provider,
            Forwarded = route.Provider is null ? null : new ForwardedInvocation(client.Id, invoke.Id, invoke.Agent),
            Activity = activity,
        };
        if (!state.Invocations.TryAdd(invoke.Id, invocation))
        {
            invocation.CloseActivity();
            return;
        }
        client.Counters.AddInflight(1);
        log.Started(record);
        var timeout = invoke.TimeoutMs is { } ms and > 0 ? TimeSpan.FromMilliseconds(Math.Min(ms, options.FunctionTimeout.TotalMilliseconds)) : options.FunctionTimeout;
        if (route.Mode == AgentModes.Relay)
        {
            _ = RunRelayModeAsync(client, state, invocation, invoke, timeout);
        }
        else
        {
            await ForwardToProviderAsync(client, state, invocation, invoke, timeout).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// INTERRUPT from the client. Without data it cancels: answered with ERROR INTERRUPTED at once, the work behind it
    /// is cancelled. With data it steers: the data goes to the running agent and the invocation goes on.
    /// </summary>
    public async ValueTask InterruptAsync(RelayConnection client, AspV1ConnectionState state, InterruptFrame interrupt)
    {
        if (interrupt.Data is { } steering)
        {
            await SteerAsync(client, state, interrupt.Id, steering).ConfigureAwait(false);
            return;
        }
        if (!state.Invocations.TryGetValue(interrupt.Id, out var invocation) || !invocation.TryEnd())
        {
            await SendAsync(client, ErrorFrame.For(AspErrorCodes.UnknownInvocation, "no invocation with this id is in flight", interrupt.Id)).ConfigureAwait(false);
            return;
        }
        await SendAsync(client, ErrorFrame.For(AspErrorCodes.Interrupted, interrupt.Reason ?? "interrupted by the client", interrupt.Id)).ConfigureAwait(false);
        await StopProviderSideAsync(invocation, interrupt.Reason ?? "interrupted by the client").ConfigureAwait(false);
        Finish(client, state, invocation, "interrupted", AspErrorCodes.Interrupted);
    }

    private async ValueTask SteerAsync(RelayConnection client, AspV1ConnectionState state, string id, MsgPackValue data)
    {
        if (!state.Invocations.TryGetValue(id, out var invocation) || invocation.Ended)
        {
            await SendAsync(client, ErrorFrame.For(AspErrorCodes.UnknownInvocation, "no invocation with this id is in flight", id)).ConfigureAwait(false);
            return;
        }
        if (invocation.Provider is { } link && invocation.Forwarded is { } fwd)
        {
            await SendAsync(link.Connection, new InterruptFrame(fwd.ProviderId) { Data = data }).ConfigureAwait(false);
            return;
        }
        var body = new ArrayBufferWriter<byte>();
        new ReplyBody(client.Id, client.SessionId, data).Write(body);
        // 404 means the function finished meanwhile: its COMPLETE or ERROR is on the way, nothing to report.
        await functions.PostSteeringAsync(invocation.FunctionsBase!, invocation.Agent, invocation.Id, body.WrittenMemory, client.Closed).ConfigureAwait(false);
    }

    /// <summary>REPLY from the client: to the function (relay mode) or the provider (direct mode).</summary>
    public async ValueTask ReplyAsync(RelayConnection client, AspV1ConnectionState state, ReplyFrame reply)
    {
        if (!state.Invocations.TryGetValue(reply.Id, out var invocation) || invocation.Ended
            || !invocation.PendingRequests.TryRemove(reply.Rid, out _))
        {
            await SendAsync(client, ErrorFrame.For(AspErrorCodes.UnknownInvocation, "no request with this id is waiting", reply.Id)).ConfigureAwait(false);
            return;
        }
        if (invocation.Provider is { } link && invocation.Forwarded is { } fwd)
        {
            await SendAsync(link.Connection, new ReplyFrame(fwd.ProviderId, reply.Rid, reply.Data)).ConfigureAwait(false);
            return;
        }
        var body = new ArrayBufferWriter<byte>();
        new ReplyBody(client.Id, client.SessionId, reply.Data).Write(body);
        var taken = await functions.PostReplyAsync(invocation.FunctionsBase!, invocation.Agent, invocation.Id, reply.Rid, body.WrittenMemory,
            client.Closed).ConfigureAwait(false);
        if (!taken)
        {
            await SendAsync(client, ErrorFrame.For(AspErrorCodes.UnknownInvocation, "the agent is no longer waiting for this reply", reply.Id)).ConfigureAwait(false);
        }
    }

    /// <summary>A frame from a provider about one of the invocations forwarded to it.</summary>
    public async ValueTask FromProviderAsync(ProviderLink link, AspFrame frame)
    {
        var providerId = frame switch
        {
            StreamFrame s => s.Id,
            CompleteFrame c => c.Id,
            ErrorFrame e => e.Id,
            RequestFrame r => r.Id,
            ToolDefFrame t => t.Id,
            InterruptFrame i => i.Id,
            _ => null,
        };
        if (providerId is null || !link.TryGet(providerId, out var fwd)) return;
        if (!core.Hub(AspV1Dialect.HubName).TryGet(fwd.ClientConnectionId, out var client)
            || client.DialectState is not AspV1ConnectionState state
            || !state.Invocations.TryGetValue(fwd.ClientInvocationId, out var invocation) || invocation.Forwarded != fwd)
        {
            link.Remove(providerId, out _);
            return;
        }
        var id = invocation.Id;
        switch (frame)
        {
            case StreamFrame s:
                if (invocation.Ended) return;
                var seq = invocation.NextChunk(Raw(s.Data).Length);
                await SendAsync(client, new StreamFrame(id, seq, s.Data)).ConfigureAwait(false);
                break;
            case ToolDefFrame t:
                await SendAsync(client, t with { Id = id, SessionSeq = null }).ConfigureAwait(false);
                break;
            case RequestFrame r:
                if (invocation.Ended) return;
                invocation.PendingRequests[r.Rid] = 0;
                await SendAsync(client, r with { Id = id, SessionSeq = null }).ConfigureAwait(false);
                break;
            case CompleteFrame c:
                link.Remove(providerId, out _);
                if (!invocation.TryEnd()) return;
                var metrics = (c.Metrics ?? new CompleteMetrics(invocation.ElapsedMs)) with
                {
                    Chunks = (ulong)invocation.Chunks, Bytes = (ulong)invocation.Bytes,
                };
                await SendAsync(client, new CompleteFrame(id) { Result = c.Result, Metrics = metrics with { DurationMs = invocation.ElapsedMs } }).ConfigureAwait(false);
                Finish(client, state, invocation, "completed", null);
                break;
            case ErrorFrame e:
                link.Remove(providerId, out _);
                if (!invocation.TryEnd()) return;
                await SendAsync(client, e with { Id = id, SessionSeq = null }).ConfigureAwait(false);
                Finish(client, state, invocation, "failed", e.Code);
                break;
        }
    }

    /// <summary>A provider went away: every invocation it was serving fails, retryable.</summary>
    public async ValueTask ProviderGoneAsync(ProviderLink link)
    {
        directory.Providers.Remove(link);
        foreach (var fwd in link.DrainAll())
        {
            if (core.Hub(AspV1Dialect.HubName).TryGet(fwd.ClientConnectionId, out var client)
                && client.DialectState is AspV1ConnectionState state
                && state.Invocations.TryGetValue(fwd.ClientInvocationId, out var invocation) && invocation.TryEnd())
            {
                await SendAsync(client, ErrorFrame.For(AspErrorCodes.FunctionUnavailable, "the agent's runtime disconnected", invocation.Id)).ConfigureAwait(false);
                Finish(client, state, invocation, "failed", AspErrorCodes.FunctionUnavailable);
            }
        }
    }

    /// <summary>The client connection closed for good: everything it started is cancelled end to end.</summary>
    public async ValueTask ClientGoneAsync(RelayConnection client, AspV1ConnectionState state)
    {
        foreach (var invocation in state.Invocations.Values)
        {
            if (!invocation.TryEnd()) continue;
            await StopProviderSideAsync(invocation, "client disconnected").ConfigureAwait(false);
            Finish(client, state, invocation, "interrupted", AspErrorCodes.Interrupted);
        }
    }

    private async Task RunRelayModeAsync(RelayConnection client, AspV1ConnectionState state, ActiveInvocation invocation, InvokeFrame invoke, TimeSpan timeout)
    {
        try
        {
            var body = new ArrayBufferWriter<byte>();
            new InvokeRequestBody(client.Id, client.SessionId, invoke.Id, invoke.Input, client.UserId, invoke.TimeoutMs).Write(body);
            var outcome = await functions.InvokeAsync(invocation.FunctionsBase!, invoke.Agent, body.WrittenMemory,
                record => OnRecordAsync(client, invocation, record), options.Limits.MaxFrameBytes, timeout, invocation.Aborted).ConfigureAwait(false);
            if (!invocation.TryEnd()) return;
            if (outcome.Completed)
            {
                var metrics = new CompleteMetrics(invocation.ElapsedMs) { CpuMs = outcome.CpuMs, Chunks = (ulong)invocation.Chunks, Bytes = (ulong)invocation.Bytes };
                await SendAsync(client, new CompleteFrame(invocation.Id)
                {
                    Result = outcome.Result,
                    Metrics = metrics,
                }).ConfigureAwait(false);
                Finish(client, state, invocation, "completed", null);
            }
            else
            {
                await SendAsync(client, new ErrorFrame(outcome.Code!, outcome.Message ?? "", outcome.Retryable) { Id = invocation.Id }).ConfigureAwait(false);
                Finish(client, state, invocation, "failed", outcome.Code);
            }
        }
        catch (OperationCanceledException)
        {
            // Interrupted or the client left: whoever ended the invocation reported it.
            if (invocation.TryEnd()) Finish(client, state, invocation, "interrupted", AspErrorCodes.Interrupted);
        }
    }

    private static async ValueTask OnRecordAsync(RelayConnection client, ActiveInvocation invocation, FunctionRecord record)
    {
        if (invocation.Ended) return;
        switch (record)
        {
            case ChunkRecord chunk:
                var seq = invocation.NextChunk(Raw(chunk.Data).Length);
                await SendAsync(client, new StreamFrame(invocation.Id, seq, chunk.Data)).ConfigureAwait(false);
                break;
            case ToolDefRecord toolDef:
                var tools = toolDef.Tools.Select(t => new ToolDefinition(t.Name) { Description = t.Description, Schema = t.Schema }).ToArray();
                await SendAsync(client, new ToolDefFrame(tools) { Id = invocation.Id }).ConfigureAwait(false);
                break;
            case RequestRecord request:
                invocation.PendingRequests[request.Rid] = 0;
                await SendAsync(client, new RequestFrame(invocation.Id, request.Rid, request.RequestKind, request.Data)).ConfigureAwait(false);
                break;
        }
    }

    private async ValueTask ForwardToProviderAsync(RelayConnection client, AspV1ConnectionState state, ActiveInvocation invocation, InvokeFrame invoke, TimeSpan timeout)
    {
        var link = invocation.Provider!;
        var providerId = link.Add(invocation.Forwarded!);
        var sent = await SendAsync(link.Connection, new InvokeFrame(providerId, invoke.Agent, invoke.Input) { Stream = invoke.Stream, TimeoutMs = invoke.TimeoutMs })
            .ConfigureAwait(false);
        if (!sent)
        {
            link.Remove(providerId, out _);
            if (invocation.TryEnd())
            {
                await SendAsync(client, ErrorFrame.For(AspErrorCodes.FunctionUnavailable, "the agent's runtime disconnected", invocation.Id)).ConfigureAwait(false);
                Finish(client, state, invocation, "failed", AspErrorCodes.FunctionUnavailable);
            }
            return;
        }
        var timer = time.CreateTimer(static s =>
        {
            var (self, c, st, inv) = ((InvocationCoordinator, RelayConnection, AspV1ConnectionState, ActiveInvocation))s!;
            _ = self.TimeOutAsync(c, st, inv);
        }, (this, client, state, invocation), timeout, Timeout.InfiniteTimeSpan);
        invocation.Aborted.Register(static t => ((ITimer)t!).Dispose(), timer);
    }

    private async Task TimeOutAsync(RelayConnection client, AspV1ConnectionState state, ActiveInvocation invocation)
    {
        if (!invocation.TryEnd()) return;
        await SendAsync(client, ErrorFrame.For(AspErrorCodes.Timeout, "the agent did not finish in time", invocation.Id)).ConfigureAwait(false);
        await StopProviderSideAsync(invocation, "timeout").ConfigureAwait(false);
        Finish(client, state, invocation, "failed", AspErrorCodes.Timeout);
    }

    private static async ValueTask StopProviderSideAsync(ActiveInvocation invocation, string reason)
    {
        if (invocation.Provider is { } link && invocation.Forwarded is { } fwd && link.Remove(fwd.ProviderId, out _))
        {
            await SendAsync(link.Connection, new InterruptFrame(fwd.ProviderId) { Reason = reason }).ConfigureAwait(false);
        }
        invocation.Abort();
    }

    private void Finish(RelayConnection client, AspV1ConnectionState state, ActiveInvocation invocation, string status, string? errorCode)
    {
        if (!state.Invocations.TryRemove(new KeyValuePair<string, ActiveInvocation>(invocation.Id, invocation))) return;
        client.Counters.AddInflight(-1);
        var ms = invocation.ElapsedMs;
        log.Ended(invocation.Record, status, errorCode, ms);
        telemetry.Invocations.Add(1, new("agent", invocation.Agent), new("mode", invocation.Mode), new("outcome", status));
        telemetry.InvocationDuration.Record(ms, new KeyValuePair<string, object?>("agent", invocation.Agent),
            new KeyValuePair<string, object?>("mode", invocation.Mode));
        invocation.Activity?.SetTag("outcome", status);
        invocation.Abort();
        invocation.CloseActivity();
    }

    private static ValueTask<bool> SendAsync(RelayConnection connection, AspFrame frame) =>
        AspFrameSender.SendAsync(connection, frame, connection.Closed);

    private static ReadOnlyMemory<byte> Raw(MsgPackValue value) =>
        value.TryGetRaw(out var raw) ? raw : value.ToBytes();
}
