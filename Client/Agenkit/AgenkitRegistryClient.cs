using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Agenkit;

namespace AgentPlatform.Client.Agenkit;

/// <summary>
/// The registry side of the wire (seed 003 §2.2 and §4.4): <c>register</c>, <c>heartbeat</c> and <c>unregister</c>
/// sent to a registry endpoint (the Relay's agenkit listener). Each answer is a <c>response</c>; a refusal is the
/// peer's error (REGISTRATION_FAILED, DUPLICATE_AGENT, AGENT_NOT_FOUND for a heartbeat of an unknown agent).
/// </summary>
public sealed class AgenkitRegistryClient : IAsyncDisposable
{
    private readonly AgenkitConnectionPool _pool;
    private readonly RemoteAgentOptions _options;

    public AgenkitRegistryClient(AgenkitEndpoint registry, RemoteAgentOptions? options = null)
    {
        _options = options ?? new RemoteAgentOptions();
        // One connection is plenty for a few frames a minute, and keeps the registration's frames in order.
        _pool = new AgenkitConnectionPool(registry, new RemoteAgentOptions
        {
            Timeout = _options.Timeout,
            ConnectTimeout = _options.ConnectTimeout,
            MaxConnections = 1,
            MaxFrameBytes = _options.MaxFrameBytes,
            Tls = _options.Tls,
            AccessToken = _options.AccessToken,
            AccessTokenFactory = _options.AccessTokenFactory,
        });
    }

    public AgenkitEndpoint Registry => _pool.Endpoint;

    /// <summary>Registers <paramref name="registration"/>; returns the response payload.</summary>
    public Task<JsonObject> RegisterAsync(AgenkitRegistration registration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return SendAsync(AgenkitMessageType.Register, registration.ToPayload(), cancellationToken);
    }

    /// <summary>Tells the registry the agent is alive (status "healthy" unless told otherwise).</summary>
    public Task<JsonObject> HeartbeatAsync(string agentName, string status = AgenkitHeartbeat.Healthy, CancellationToken cancellationToken = default) =>
        SendAsync(AgenkitMessageType.Heartbeat, new AgenkitHeartbeat(agentName, status).ToPayload(), cancellationToken);

    /// <summary>Removes the agent's registration.</summary>
    public Task<JsonObject> UnregisterAsync(string agentName, CancellationToken cancellationToken = default) =>
        SendAsync(AgenkitMessageType.Unregister, new JsonObject { ["agent_name"] = agentName }, cancellationToken);

    private async Task<JsonObject> SendAsync(AgenkitMessageType type, JsonObject payload, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.Timeout);
        try
        {
            var connection = await _pool.GetAsync(deadline.Token).ConfigureAwait(false);
            var answer = await connection.CallAsync(AgenkitEnvelope.Create(type, connection.NewId(), payload), deadline.Token).ConfigureAwait(false);
            return answer.Type == AgenkitMessageType.Response
                ? answer.Payload
                : throw new AgenkitRemoteException(AgenkitErrorCodes.InvalidMessage, $"expected a response, got {AgenkitMessageTypes.ToWire(answer.Type)}");
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new AgenkitRemoteException(AgenkitErrorCodes.ConnectionTimeout, $"the registry at {Registry} did not answer within {_options.Timeout}");
        }
    }

    public ValueTask DisposeAsync() => _pool.DisposeAsync();
}
