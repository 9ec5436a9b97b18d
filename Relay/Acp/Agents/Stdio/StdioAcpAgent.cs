using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Acp;

namespace AgentPlatform.Relay.Acp.Agents.Stdio;

/// <summary>
/// One stdio ACP agent process shared by every client connection. The Relay is the agent's one ACP client: it starts
/// the process on the first attach, initializes it once (advertising fs and terminal, which it brokers to the owning
/// client) and hands each client the cached result. Ids are remapped both ways, each session belongs to one client,
/// and a crash fails every attachment and restarts the process with backoff (250 ms doubling to 10 s).
/// </summary>
public sealed partial class StdioAcpAgent : IAcpAgent, IAsyncDisposable
{
    /// <summary>A process that ran this long before crashing restarts after the shortest delay again.</summary>
    private static readonly TimeSpan StableUptime = TimeSpan.FromSeconds(10);

    private static readonly string RelayVersion =
        typeof(StdioAcpAgent).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "1.0.0";

    private readonly Lock _gate = new();
    private readonly IReadOnlyList<string> _words;
    private readonly string? _workingDirectory;
    private readonly AcpStdioOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    // All below guarded by _gate.
    private readonly Dictionary<string, ClientRequestInFlight> _toAgent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AgentRequestInFlight> _fromAgent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StdioAttachment?> _sessions = new(StringComparer.Ordinal);
    private readonly HashSet<StdioAttachment> _attachments = [];
    private StdioAgentProcess? _process;
    private bool _live;
    private long _liveSince;
    private JsonObject? _initializeResult;
    private Task<StdioAgentProcess>? _ready;
    private bool _restarting;
    private TaskCompletionSource<Task<StdioAgentProcess>> _nextAttempt = NewAttempt();
    private TimeSpan _restartDelay;
    private long _lastId;
    private bool _disposed;

    public StdioAcpAgent(string name, AcpStdioAgentOptions agent, AcpStdioOptions options, ILogger<StdioAcpAgent> logger, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        Name = name;
        _words = CommandLine.Split(agent.Command ?? "");
        _workingDirectory = agent.WorkingDirectory;
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _restartDelay = options.MinRestartDelay;
    }

    public string Name { get; }

    /// <summary>What may wait unsent for one client before it is failed: 4 × <c>Acp:MaxMessageBytes</c>.</summary>
    internal long MaxClientQueueBytes => 4L * _options.MaxMessageBytes;

    /// <summary>The running process's id, or null (not started, crashed, restarting).</summary>
    public int? ProcessId
    {
        get
        {
            lock (_gate)
            {
                return _live ? _process?.ProcessId : null;
            }
        }
    }

    public async ValueTask<IAcpAttachment> AttachAsync(IAcpClientPeer peer, JsonRpcMessage initialize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(initialize);
        Task<StdioAgentProcess> attempt;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            attempt = CurrentAttempt();
        }
        StdioAgentProcess process;
        try
        {
            process = await attempt.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or AcpAgentUnavailableException))
        {
            // The cause may name programs or OS errors: logged, not told to the client.
            LogUnavailable(_logger, Name, ex);
            throw new AcpAgentUnavailableException($"agent '{Name}' could not start", ex);
        }
        lock (_gate)
        {
            if (_disposed || !_live || _process != process || _initializeResult is null)
            {
                throw new AcpAgentUnavailableException($"ACP agent '{Name}' exited while the client was attaching; it is restarting");
            }
            var attachment = new StdioAttachment(this, peer, StdioClientCapabilities.From(initialize.Params),
                ClientInitializeResult(_initializeResult, initialize.Params), process, _logger);
            _attachments.Add(attachment);
            LogAttached(_logger, Name, peer.ConnectionId, _attachments.Count);
            return attachment;
        }
    }

    public async ValueTask DisposeAsync()
    {
        StdioAgentProcess? process;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            process = _process;
            _nextAttempt.TrySetResult(Task.FromException<StdioAgentProcess>(Stopped()));
        }
        if (process is not null) await process.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The start attempt an attach waits for: the running or started process, the restart loop's next try, or a new lazy start.</summary>
    private Task<StdioAgentProcess> CurrentAttempt()
    {
        if (_ready is { IsFaulted: false, IsCanceled: false }) return _ready;
        if (_restarting) return _nextAttempt.Task.Unwrap();
        return _ready = StartAsync();
    }

    /// <summary>Each client sees the agent's own initialize result (never another client's), at the lower protocol version of the two.</summary>
    private static JsonObject ClientInitializeResult(JsonObject agentResult, JsonNode? clientParams)
    {
        var result = (JsonObject)agentResult.DeepClone();
        if (Integer((clientParams as JsonObject)?["protocolVersion"]) is { } clientVersion
            && Integer(result["protocolVersion"]) is { } agentVersion && clientVersion < agentVersion)
        {
            // As parsed JSON, so readers may take it as any integer type, like the rest of the result.
            result["protocolVersion"] = JsonNode.Parse(clientVersion.ToString(CultureInfo.InvariantCulture));
        }
        return result;
    }

    /// <summary>An integer JSON number however the node holds it (parsed text, or a CLR int or long).</summary>
    private static long? Integer(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.Number
            && long.TryParse(value.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;

    private async Task<StdioAgentProcess> StartAsync()
    {
        // Never run the start under the caller's lock.
        await Task.Yield();
        var process = StdioAgentProcess.Start(Name, _words, _workingDirectory, _options.MaxMessageBytes, OnAgentMessage, _logger);
        var reply = new TaskCompletionSource<JsonRpcMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_disposed)
            {
                _ = process.DisposeAsync().AsTask();
                throw Stopped();
            }
            _process = process;
            _live = false;
            var id = ++_lastId;
            _toAgent[AgentKey(id)] = new ClientRequestInFlight { Method = AcpMethods.Initialize, Relay = reply };
            process.Send(JsonRpcMessage.Request(id, AcpMethods.Initialize, InitializeParams()));
        }
        _ = WatchAsync(process);
        var done = await Task.WhenAny(reply.Task, process.Exited, Task.Delay(_options.InitializeTimeout, _time)).ConfigureAwait(false);
        string failure;
        if (process.Exited.IsCompleted && (done != reply.Task || reply.Task.Result.IsError))
        {
            // The exit also fails the pending initialize; whichever was seen first, the exit is the cause.
            failure = $"it exited with code {await process.Exited.ConfigureAwait(false)} before answering initialize";
        }
        else if (done == reply.Task)
        {
            var response = await reply.Task.ConfigureAwait(false);
            if (!response.IsError && response.Result is JsonObject result)
            {
                lock (_gate)
                {
                    if (_process == process && !_disposed)
                    {
                        _initializeResult = result;
                        _live = true;
                        _liveSince = _time.GetTimestamp();
                        _restarting = false;
                        LogReady(_logger, Name, process.ProcessId);
                        return process;
                    }
                }
                failure = "it exited right after initialize";
            }
            else
            {
                failure = response.IsError
                    ? $"initialize failed ({response.Error?["code"]}: {response.Error?["message"]})"
                    : "its initialize result is not an object";
            }
        }
        else
        {
            failure = $"it did not answer initialize within {_options.InitializeTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s";
        }
        await process.DisposeAsync().ConfigureAwait(false);
        LogStartFailed(_logger, Name, failure);
        throw new AcpAgentUnavailableException($"ACP agent '{Name}' is unavailable: {failure}");
    }

    private static JsonObject InitializeParams() => new()
    {
        ["protocolVersion"] = 1,
        ["clientCapabilities"] = new JsonObject
        {
            ["fs"] = new JsonObject { ["readTextFile"] = true, ["writeTextFile"] = true },
            ["terminal"] = true,
        },
        ["clientInfo"] = new JsonObject { ["name"] = "agentplatform-relay", ["version"] = RelayVersion },
    };

    private async Task WatchAsync(StdioAgentProcess process)
    {
        var code = await process.Exited.ConfigureAwait(false);
        OnExited(process, code);
    }

    /// <summary>
    /// The process ended. Before it was ready, its start attempt reports the failure. After, it is a crash (or a stop):
    /// every request a client is still waiting for gets -32603, every attachment fails, and the restart loop begins.
    /// </summary>
    private void OnExited(StdioAgentProcess process, int exitCode)
    {
        lock (_gate)
        {
            if (_process != process) return;
            var wasLive = _live;
            _process = null;
            _live = false;
            _ready = null;
            var data = new JsonObject { ["reason"] = "agent exited", ["exitCode"] = exitCode };
            foreach (var pending in _toAgent.Values)
            {
                pending.Relay?.TrySetResult(JsonRpcMessage.Failure(null, JsonRpcErrorCodes.InternalError, "Agent exited", data.DeepClone()));
                if (pending.Attachment is { Closed: false } attachment)
                {
                    attachment.Enqueue(new StdioOutbound(JsonRpcMessage.Failure(pending.ClientId, JsonRpcErrorCodes.InternalError, "Agent exited", data.DeepClone())));
                }
            }
            var reason = process.Stopping ? $"ACP agent '{Name}' stopped" : $"ACP agent '{Name}' exited with code {exitCode}";
            foreach (var attachment in _attachments)
            {
                attachment.Closed = true;
                attachment.EnqueueFail(reason);
            }
            _toAgent.Clear();
            _fromAgent.Clear();
            _sessions.Clear();
            _attachments.Clear();
            if (!wasLive || process.Stopping || _disposed) return;
            LogCrashed(_logger, Name, exitCode);
            var uptime = _time.GetElapsedTime(_liveSince);
            _restartDelay = uptime >= StableUptime ? _options.MinRestartDelay : _restartDelay;
            _restarting = true;
            _nextAttempt = NewAttempt();
            _ = RestartAsync(_restartDelay);
            _restartDelay = Min(_restartDelay * 2, _options.MaxRestartDelay);
        }
    }

    /// <summary>Starts the process again after <paramref name="delay"/>, doubling the delay after each failed attempt, until one succeeds.</summary>
    private async Task RestartAsync(TimeSpan delay)
    {
        while (true)
        {
            await Task.Delay(delay, _time).ConfigureAwait(false);
            Task<StdioAgentProcess> attempt;
            lock (_gate)
            {
                if (_disposed)
                {
                    _restarting = false;
                    _nextAttempt.TrySetResult(Task.FromException<StdioAgentProcess>(Stopped()));
                    return;
                }
                attempt = _ready = StartAsync();
                _nextAttempt.TrySetResult(attempt);
            }
            try
            {
                await attempt.ConfigureAwait(false);
                LogRestarted(_logger, Name);
                return;
            }
            catch (AcpAgentUnavailableException)
            {
                delay = Min(delay * 2, _options.MaxRestartDelay);
                lock (_gate)
                {
                    _nextAttempt = NewAttempt();
                }
            }
        }
    }

    private AcpAgentUnavailableException Stopped() => new($"ACP agent '{Name}' is stopped (the Relay is shutting down)");

    private static TaskCompletionSource<Task<StdioAgentProcess>> NewAttempt() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static string AgentKey(long id) => "n:" + id.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "ACP agent {Agent} is ready (pid {ProcessId})")]
    private static partial void LogReady(ILogger logger, string agent, int processId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ACP agent {Agent} could not start: {Failure}")]
    private static partial void LogStartFailed(ILogger logger, string agent, string failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ACP agent {Agent} crashed with exit code {ExitCode}; its clients were failed and it restarts")]
    private static partial void LogCrashed(ILogger logger, string agent, int exitCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "ACP agent {Agent} restarted")]
    private static partial void LogRestarted(ILogger logger, string agent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ACP agent {Agent} is unavailable")]
    private static partial void LogUnavailable(ILogger logger, string agent, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "ACP connection {ConnectionId} attached to agent {Agent} ({Attachments} attached)")]
    private static partial void LogAttached(ILogger logger, string agent, string connectionId, int attachments);
}
