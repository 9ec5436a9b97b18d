using System.Text.Json;
using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Agenkit;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.Auth;
using AgentPlatform.Server.AspV1.Invocations;

namespace AgentPlatform.Relay.Agenkit;

/// <summary>What each envelope a client sends does.</summary>
internal sealed partial class AgenkitConnection
{
    /// <summary>The <c>reason</c> of an id already in flight on the connection.</summary>
    public const string DuplicateIdReason = "duplicate_id";

    private async ValueTask DispatchAsync(AgenkitEnvelope envelope)
    {
        switch (envelope.Type)
        {
            case AgenkitMessageType.Request:
                await RequestAsync(envelope).ConfigureAwait(false);
                break;
            case AgenkitMessageType.Register:
                await RegisterAsync(envelope).ConfigureAwait(false);
                break;
            case AgenkitMessageType.Heartbeat:
                await HeartbeatAsync(envelope).ConfigureAwait(false);
                break;
            case AgenkitMessageType.Unregister:
                await UnregisterAsync(envelope).ConfigureAwait(false);
                break;
            default:
                await SendErrorAsync(envelope.Id, AgenkitErrorCodes.InvalidMessage,
                    $"A server does not accept '{AgenkitMessageTypes.ToWire(envelope.Type)}' envelopes", "unexpected_type").ConfigureAwait(false);
                break;
        }
    }

    private async ValueTask RequestAsync(AgenkitEnvelope envelope)
    {
        if (!AgenkitRequest.TryParse(envelope.Payload, out var request, out var error))
        {
            await SendErrorAsync(envelope.Id, error!).ConfigureAwait(false);
            return;
        }
        switch (request!.Method)
        {
            case AgenkitMethods.Process:
            case AgenkitMethods.Stream:
                await StartAsync(envelope, request, request.Method == AgenkitMethods.Stream).ConfigureAwait(false);
                break;
            case AgenkitMethods.Negotiate:
                await NegotiateAsync(envelope).ConfigureAwait(false);
                break;
            case AgenkitMethods.Execute:
                var tool = envelope.Payload["tool_name"] is JsonValue t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : "";
                await SendErrorAsync(envelope.Id, new AgenkitError(AgenkitErrorCodes.ToolNotFound,
                    $"Tool '{tool}' not found: this server runs agents, not tools", new JsonObject { ["tool_name"] = tool })).ConfigureAwait(false);
                break;
            default:
                await SendErrorAsync(envelope.Id, new AgenkitError(AgenkitErrorCodes.InvalidMessage, "Unknown method: " + request.Method,
                    new JsonObject { ["reason"] = "unknown_method", ["method"] = request.Method })).ConfigureAwait(false);
                break;
        }
    }

    private async ValueTask StartAsync(AgenkitEnvelope envelope, AgenkitRequest request, bool stream)
    {
        if (request.AgentName is not { } agent)
        {
            await SendErrorAsync(envelope.Id, AgenkitPayloadFields.Malformed("payload.agent_name is missing", AgenkitErrorReasons.MissingField, "agent_name"))
                .ConfigureAwait(false);
            return;
        }
        if (!request.TryGetMessage(out var message, out var error))
        {
            await SendErrorAsync(envelope.Id, error!).ConfigureAwait(false);
            return;
        }
        if (!MayInvoke(agent))
        {
            await SendErrorAsync(envelope.Id, AgenkitAuth.Refused(PlatformRoles.Invoke, agent)).ConfigureAwait(false);
            return;
        }
        if (_pending.Count >= services.Options.MaxInFlight)
        {
            await SendErrorAsync(envelope.Id, AgenkitErrorCodes.AgentUnavailable,
                $"At most {services.Options.MaxInFlight} requests may be in flight on one connection", "too_many_in_flight").ConfigureAwait(false);
            return;
        }
        var endpoint = services.Agents.EndpointOf(agent);
        if (endpoint is not null && message!.Metadata.ContainsKey(AgenkitForwarder.ForwardedByKey))
        {
            // Forwarded by a Relay (this one or another) and back here: forwarding again could go round without end.
            await SendErrorAsync(envelope.Id, new AgenkitError(AgenkitErrorCodes.InvalidMessage,
                $"The request was already forwarded by a Relay ({AgenkitForwarder.ForwardedByKey}); it is not forwarded again",
                new JsonObject { ["reason"] = AgenkitForwarder.LoopReason, ["agent_name"] = agent })).ConfigureAwait(false);
            return;
        }
        var pending = new AgenkitPendingRequest(envelope.Id, agent, stream) { Forwarding = endpoint is null ? null : new CancellationTokenSource() };
        if (!_pending.TryAdd(envelope.Id, pending))
        {
            pending.Forwarding?.Dispose();
            await SendErrorAsync(envelope.Id, AgenkitErrorCodes.InvalidMessage, "A request with this id is in flight", DuplicateIdReason).ConfigureAwait(false);
            return;
        }
        _relay.Counters.AddInflight(1);
        if (endpoint is not null)
        {
            // Not awaited: the read loop goes on, so other requests run while the agent answers.
            _ = ForwardAsync(pending, endpoint, envelope);
            return;
        }
        var invoke = new InvokeFrame(envelope.Id, agent, AgenkitAgentMapping.Input(message!))
        {
            TimeoutMs = (uint)Math.Min(services.Options.RequestTimeout.TotalMilliseconds, uint.MaxValue),
        };
        await Table(SessionOf(message!)).StartAsync(invoke).ConfigureAwait(false);
    }

    private async Task ForwardAsync(AgenkitPendingRequest pending, string endpoint, AgenkitEnvelope envelope)
    {
        var token = pending.Forwarding!.Token;
        try
        {
            await services.Forwarder.ForwardAsync(endpoint, envelope, pending.Stream, async answer =>
            {
                var final = answer.Type is AgenkitMessageType.Error or AgenkitMessageType.StreamEnd
                    || (answer.Type == AgenkitMessageType.Response && !pending.Stream);
                if (final && Take(pending.Id) is null) return false;
                return await SendAsync(answer).ConfigureAwait(false);
            }, token).ConfigureAwait(false);
        }
        finally
        {
            if (_pending.TryRemove(new KeyValuePair<string, AgenkitPendingRequest>(pending.Id, pending))) _relay.Counters.AddInflight(-1);
            pending.Forwarding.Dispose();
        }
    }

    private async ValueTask NegotiateAsync(AgenkitEnvelope envelope)
    {
        // Only as the first frame, with nothing in flight: then no frame of the old codec can follow the switch.
        if (Interlocked.Read(ref _framesRead) != 1 || !_pending.IsEmpty)
        {
            await SendErrorAsync(envelope.Id, AgenkitErrorCodes.InvalidMessage, "negotiate must be the first frame of a connection", "negotiate_not_first")
                .ConfigureAwait(false);
            return;
        }
        var codec = AgenkitNegotiation.Choose(envelope.Payload, services.Options.MessagePack);
        await SendAsync(AgenkitNegotiation.CreateResponse(envelope.Id, codec, services.Time.GetUtcNow())).ConfigureAwait(false);
        _codec = codec;
    }

    private async ValueTask RegisterAsync(AgenkitEnvelope envelope)
    {
        if (!AgenkitRegistration.TryParse(envelope.Payload, out var registration, out var error))
        {
            await SendErrorAsync(envelope.Id, error!).ConfigureAwait(false);
            return;
        }
        if (!MayProvide(registration!.AgentName))
        {
            await SendErrorAsync(envelope.Id, AgenkitAuth.Refused(PlatformRoles.Provide, registration!.AgentName)).ConfigureAwait(false);
            return;
        }
        if (await services.Agents.RegisterAsync(registration!, _relay.Id, _relay.Closed).ConfigureAwait(false) is { } refused)
        {
            await SendErrorAsync(envelope.Id, refused).ConfigureAwait(false);
            return;
        }
        await SendAsync(AgenkitEnvelope.Create(AgenkitMessageType.Response, envelope.Id, new JsonObject
        {
            ["agent_name"] = registration!.AgentName,
            ["status"] = "registered",
            ["heartbeat_interval"] = services.Options.HeartbeatInterval.TotalSeconds,
            ["heartbeat_timeout"] = services.Options.HeartbeatTimeout.TotalSeconds,
        }, services.Time.GetUtcNow())).ConfigureAwait(false);
    }

    private async ValueTask HeartbeatAsync(AgenkitEnvelope envelope)
    {
        if (!AgenkitHeartbeat.TryParse(envelope.Payload, out var heartbeat, out var error))
        {
            await SendErrorAsync(envelope.Id, error!).ConfigureAwait(false);
            return;
        }
        if (!MayProvide(heartbeat!.AgentName))
        {
            await SendErrorAsync(envelope.Id, AgenkitAuth.Refused(PlatformRoles.Provide, heartbeat!.AgentName)).ConfigureAwait(false);
            return;
        }
        if (await services.Agents.HeartbeatAsync(heartbeat!, _relay.Id, _relay.Closed).ConfigureAwait(false) is { } refused)
        {
            await SendErrorAsync(envelope.Id, refused).ConfigureAwait(false);
            return;
        }
        await SendAsync(AgenkitEnvelope.Create(AgenkitMessageType.Response, envelope.Id,
            new JsonObject { ["agent_name"] = heartbeat!.AgentName, ["status"] = "ok" }, services.Time.GetUtcNow())).ConfigureAwait(false);
    }

    private async ValueTask UnregisterAsync(AgenkitEnvelope envelope)
    {
        if (!AgenkitHeartbeat.TryParse(envelope.Payload, out var target, out var error))
        {
            await SendErrorAsync(envelope.Id, error!).ConfigureAwait(false);
            return;
        }
        if (!MayProvide(target!.AgentName))
        {
            await SendErrorAsync(envelope.Id, AgenkitAuth.Refused(PlatformRoles.Provide, target!.AgentName)).ConfigureAwait(false);
            return;
        }
        // The optional endpoint lets a new connection remove an agent whose registering connection is gone.
        var endpoint = envelope.Payload["endpoint"] is JsonValue e && e.GetValueKind() == JsonValueKind.String ? e.GetValue<string>() : null;
        if (await services.Agents.UnregisterAsync(target!.AgentName, _relay.Id, endpoint, _relay.Closed).ConfigureAwait(false) is { } refused)
        {
            await SendErrorAsync(envelope.Id, refused).ConfigureAwait(false);
            return;
        }
        await SendAsync(AgenkitEnvelope.Create(AgenkitMessageType.Response, envelope.Id,
            new JsonObject { ["agent_name"] = target.AgentName, ["status"] = "unregistered" }, services.Time.GetUtcNow())).ConfigureAwait(false);
    }

    /// <summary>
    /// The context-store session: the message's <c>metadata.session_id</c> scoped to this connection, else the
    /// connection. An agenkit client has no principal, so the connection id is the scope: another client naming the
    /// same session_id gets a session of its own and cannot read this one's context.
    /// </summary>
    private string SessionOf(AgenkitMessage message) =>
        message.Metadata[AgenkitAgentMapping.SessionKey] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { Length: > 0 } s
            ? _relay.Id + "/" + s
            : _relay.Id;

    /// <summary>Tables this connection holds now (one per session with invocations in flight, plus the last one used).</summary>
    internal int TableCount => _tables.Count;

    /// <summary>
    /// The table of <paramref name="session"/>. Before a new one is added, tables with nothing running are dropped, so
    /// a client naming a new session_id per request cannot grow the map: it holds at most one table per request in
    /// flight (capped by MaxInFlight) plus the new one. Only the read loop starts invocations and calls this, so an
    /// empty table cannot receive an invocation while it is removed.
    /// </summary>
    private InvocationTable Table(string session)
    {
        if (_tables.TryGetValue(session, out var table)) return table;
        foreach (var (key, existing) in _tables)
        {
            if (existing.IsEmpty) _tables.TryRemove(new KeyValuePair<string, InvocationTable>(key, existing));
        }
        return _tables.GetOrAdd(session, s =>
            new InvocationTable(this, services.Router, new InvocationCaller(_relay.Id, s, _identity?.UserId), services.Limits, services.Observer, services.Time));
    }

    /// <summary>Removes the request to give its final answer; null when it was answered (or abandoned) already.</summary>
    private AgenkitPendingRequest? Take(string id)
    {
        if (!_pending.TryRemove(id, out var pending)) return null;
        _relay.Counters.AddInflight(-1);
        return pending.TryFinish() ? pending : null;
    }
}
