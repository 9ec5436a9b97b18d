using System.Diagnostics;
using System.Globalization;
using AgentPlatform.FunctionsHost.Routing;
using AgentPlatform.FunctionsHost.Rpc;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace AgentPlatform.FunctionsHost.Worker;

/// <summary>
/// Owns the worker: serves the gRPC endpoint it dials, starts it, initialises it (WorkerInit, FunctionsMetadata,
/// FunctionLoad), and restarts it with a doubling delay whenever it dies or fails to start. <see cref="Current"/> is
/// what request forwarding and health read.
/// </summary>
public sealed partial class WorkerSupervisor(
    IOptions<FunctionsHostOptions> options,
    IConfiguration configuration,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggers) : BackgroundService
{
    /// <summary>A worker that stayed up this long resets the restart delay.</summary>
    private static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(30);

    private static readonly string[] ServerAddressVariables =
        ["ASPNETCORE_URLS", "DOTNET_URLS", "URLS", "ASPNETCORE_HTTP_PORTS", "DOTNET_HTTP_PORTS", "HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_HTTPS_PORTS", "HTTPS_PORTS"];

    private readonly FunctionsHostOptions _options = options.Value;
    private readonly ILogger _logger = loggers.CreateLogger<WorkerSupervisor>();
    private readonly Lock _gate = new();
    private (string WorkerId, TaskCompletionSource<WorkerSession> Connected)? _expected;
    private volatile WorkerState _state = WorkerState.NotStarted;
    private WorkerProcess? _process;
    private string? _lastFailure;

    public WorkerState Current => _state;

    /// <summary>The gRPC address workers dial (known once the supervisor runs).</summary>
    public Uri? RpcUri { get; private set; }

    /// <summary>Kills the running worker, as a crash would (tests, operators); the supervisor restarts it.</summary>
    public int? KillWorker()
    {
        var process = _process;
        process?.Kill();
        return process?.Id;
    }

    /// <summary>Waits until a worker is ready (optionally a different one than <paramref name="after"/>).</summary>
    public async Task<WorkerState> WaitReadyAsync(TimeSpan timeout, WorkerState? after = null)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var state = _state;
            if (state.IsReady && (after is null || state.Starts > after.Starts)) return state;
            if (deadline.Elapsed > timeout) throw new TimeoutException("the worker is not ready: " + state.Reason);
            await Task.Delay(25).ConfigureAwait(false);
        }
    }

    /// <summary>Called by the gRPC service with the first message of a worker's stream; runs the stream to its end.</summary>
    internal async Task AttachAsync(string workerId, Grpc.Core.IAsyncStreamReader<StreamingMessage> requests,
        Grpc.Core.IServerStreamWriter<StreamingMessage> responses, CancellationToken cancellationToken)
    {
        TaskCompletionSource<WorkerSession>? connected;
        lock (_gate)
        {
            connected = _expected is { } expected && expected.WorkerId == workerId ? expected.Connected : null;
            _expected = null;
        }
        if (connected is null)
        {
            Log.UnknownWorker(_logger, workerId);
            throw new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.PermissionDenied, "unknown worker id"));
        }
        var session = new WorkerSession(workerId, loggers);
        connected.TrySetResult(session);
        await session.RunAsync(requests, responses, cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The public address is known once the server listens; the worker may need it (Functions registration).
        await WhenStartedAsync(stoppingToken).ConfigureAwait(false);
        await using var rpc = await RpcServer.StartAsync(this, stoppingToken).ConfigureAwait(false);
        RpcUri = rpc.Uri;
        var failures = 0;
        var starts = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            starts++;
            var startedAt = Stopwatch.StartNew();
            var reason = await RunOnceAsync(rpc.Uri, starts, stoppingToken).ConfigureAwait(false);
            if (stoppingToken.IsCancellationRequested) break;
            failures = startedAt.Elapsed > StableAfter ? 1 : failures + 1;
            var delay = TimeSpan.FromTicks(Math.Min(_options.MaxRestartDelay.Ticks, _options.MinRestartDelay.Ticks << Math.Min(failures - 1, 20)));
            _lastFailure = reason;
            _state = _state with { Status = WorkerStatus.Down, Reason = reason, Session = null, HttpUri = null };
            Log.WorkerDown(_logger, reason, delay.TotalMilliseconds);
            try
            {
                await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>One worker lifetime: start, connect, initialise, serve until it ends. Returns why it ended.</summary>
    private async Task<string> RunOnceAsync(Uri rpcUri, int starts, CancellationToken stoppingToken)
    {
        var connected = new TaskCompletionSource<WorkerSession>(TaskCreationOptions.RunContinuationsAsynchronously);
        WorkerProcess process;
        try
        {
            var workerPath = Path.GetFullPath(_options.WorkerPath);
            if (!File.Exists(workerPath)) return "the worker assembly " + workerPath + " does not exist (FunctionsHost:WorkerPath; build the Functions project)";
            // Expected before it starts: a fast worker may dial back before Start returns.
            var workerId = Guid.NewGuid().ToString();
            lock (_gate) _expected = (workerId, connected);
            process = WorkerProcess.Start(workerPath, workerId, rpcUri, WorkerEnvironment(workerPath), loggers.CreateLogger("AgentPlatform.FunctionsHost.WorkerProcess"));
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return "the worker could not be started: " + ex.Message;
        }
        _process = process;
        _state = new WorkerState(WorkerStatus.Starting,
            _lastFailure is null ? "the worker is starting" : "the worker is restarting after: " + _lastFailure, null, null, HttpFunctionTable.Empty, process.Id, starts);
        WorkerSession? session = null;
        try
        {
            using var startTimeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            startTimeout.CancelAfter(_options.StartTimeout);
            var first = await Task.WhenAny(connected.Task, process.Exited).WaitAsync(startTimeout.Token).ConfigureAwait(false);
            if (first != connected.Task)
            {
                return $"the worker exited with code {await process.Exited.ConfigureAwait(false)} before connecting to the host (see its output above)";
            }
            session = await connected.Task.ConfigureAwait(false);
            var (httpUri, functions) = await InitialiseAsync(session, Path.GetDirectoryName(Path.GetFullPath(_options.WorkerPath))!, startTimeout.Token).ConfigureAwait(false);
            _state = new WorkerState(WorkerStatus.Ready, $"worker {process.Id} ready with {functions.Functions.Count} HTTP functions", session, httpUri, functions, process.Id, starts);
            Log.WorkerReady(_logger, process.Id, functions.Functions.Count, httpUri);

            var closed = Task.Delay(Timeout.Infinite, session.Closed);
            var ended = await Task.WhenAny(process.Exited, closed, Task.Delay(Timeout.Infinite, stoppingToken)).ConfigureAwait(false);
            if (stoppingToken.IsCancellationRequested) return "the host is stopping";
            // A dying worker's stream usually breaks a moment before the exit is reported; the exit code says more.
            await Task.WhenAny(process.Exited, Task.Delay(TimeSpan.FromSeconds(1), stoppingToken)).ConfigureAwait(false);
            return process.Exited.IsCompleted
                ? $"the worker exited with code {await process.Exited.ConfigureAwait(false)}"
                : "the worker closed its event stream";
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return "the host is stopping";
        }
        catch (OperationCanceledException)
        {
            return session is null
                ? $"the worker did not connect to the host within {_options.StartTimeout.TotalSeconds:0.#} s (FunctionsHost:StartTimeout)"
                : $"the worker did not finish initialising within {_options.StartTimeout.TotalSeconds:0.#} s (FunctionsHost:StartTimeout)";
        }
        catch (TimeoutException)
        {
            return $"the worker did not answer within {_options.StartTimeout.TotalSeconds:0.#} s (FunctionsHost:StartTimeout)";
        }
        catch (WorkerStartException ex)
        {
            return ex.Message;
        }
        finally
        {
            lock (_gate) _expected = null;
            await StopAsync(process, session).ConfigureAwait(false);
        }
    }

    private async Task<(Uri HttpUri, HttpFunctionTable Functions)> InitialiseAsync(WorkerSession session, string appDirectory, CancellationToken cancellationToken)
    {
        var timeout = _options.StartTimeout;
        var init = await session.RequestAsync(new StreamingMessage
        {
            WorkerInitRequest = new WorkerInitRequest
            {
                HostVersion = "AgentPlatform.FunctionsHost/1.0",
                WorkerDirectory = appDirectory,
                FunctionAppDirectory = appDirectory,
            },
        }, timeout, cancellationToken).ConfigureAwait(false);
        var initResponse = init.WorkerInitResponse ?? throw new WorkerStartException("the worker answered WorkerInitRequest with " + init.ContentCase);
        EnsureSuccess(initResponse.Result, "worker initialisation");
        if (!initResponse.Capabilities.TryGetValue("HttpUri", out var httpUriText) || !Uri.TryCreate(httpUriText, UriKind.Absolute, out var httpUri))
        {
            throw new WorkerStartException("the worker does not announce the HttpUri capability: it must use the ASP.NET Core integration (ConfigureFunctionsWebApplication)");
        }

        var metadata = await session.RequestAsync(new StreamingMessage
        {
            FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = appDirectory },
        }, timeout, cancellationToken).ConfigureAwait(false);
        var metadataResponse = metadata.FunctionMetadataResponse ?? throw new WorkerStartException("the worker answered FunctionsMetadataRequest with " + metadata.ContentCase);
        EnsureSuccess(metadataResponse.Result, "function indexing");
        if (metadataResponse.UseDefaultMetadataIndexing)
        {
            throw new WorkerStartException("the worker asks for host indexing (functions.metadata on disk), which FunctionsHost does not do: enable worker indexing");
        }

        var functions = new List<HttpFunction>();
        var loads = new List<Task<StreamingMessage>>();
        foreach (var function in metadataResponse.FunctionMetadataResults)
        {
            if (string.IsNullOrEmpty(function.FunctionId)) function.FunctionId = Guid.NewGuid().ToString();
            loads.Add(session.RequestAsync(new StreamingMessage
            {
                FunctionLoadRequest = new FunctionLoadRequest { FunctionId = function.FunctionId, Metadata = function },
            }, timeout, cancellationToken));
            if (HttpFunctionTable.FromRawBindings(function.FunctionId, function.Name, function.RawBindings) is { } http) functions.Add(http);
            else Log.NotHttp(_logger, function.Name);
        }
        foreach (var load in await Task.WhenAll(loads).ConfigureAwait(false))
        {
            var response = load.FunctionLoadResponse ?? throw new WorkerStartException("the worker answered FunctionLoadRequest with " + load.ContentCase);
            EnsureSuccess(response.Result, "loading function " + response.FunctionId);
        }
        await WaitListeningAsync(httpUri, cancellationToken).ConfigureAwait(false);
        return (httpUri, new HttpFunctionTable(functions, HttpFunctionTable.ReadRoutePrefix(appDirectory)));
    }

    /// <summary>
    /// The worker announces its HTTP endpoint (and answers FunctionLoad) before its Kestrel necessarily listens; requests
    /// are forwarded only once it accepts connections.
    /// </summary>
    private static async Task WaitListeningAsync(Uri httpUri, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var client = new System.Net.Sockets.TcpClient();
            try
            {
                await client.ConnectAsync(httpUri.Host, httpUri.Port, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(25, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static void EnsureSuccess(StatusResult? result, string what)
    {
        if (result is null || result.Status == StatusResult.Types.Status.Success) return;
        throw new WorkerStartException($"{what} failed in the worker: {result.Exception?.Message ?? result.Result}");
    }

    private async Task StopAsync(WorkerProcess process, WorkerSession? session)
    {
        if (session is not null && !session.Closed.IsCancellationRequested)
        {
            // A graceful end first, as the Functions host does on shutdown; then the process is killed regardless.
            session.Terminate();
            await Task.WhenAny(process.Exited, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
        }
        session?.Close();
        process.Dispose();
        if (ReferenceEquals(_process, process)) _process = null;
    }

    /// <summary>
    /// The worker's environment on top of the host's own (inherited): the app settings from configuration, the variables
    /// the Functions host sets for a dotnet-isolated worker, and none of the host's own listening addresses.
    /// </summary>
    private Dictionary<string, string?> WorkerEnvironment(string workerPath)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in ServerAddressVariables) environment[name] = null;
        foreach (var key in Environment.GetEnvironmentVariables().Keys.OfType<string>())
        {
            if (key.StartsWith("Kestrel__", StringComparison.OrdinalIgnoreCase) || key.StartsWith("ASPNETCORE_Kestrel__", StringComparison.OrdinalIgnoreCase))
            {
                environment[key] = null;
            }
        }
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (value is null || !_options.AppSettingPrefixes.Any(p => IsUnder(key, p))) continue;
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        foreach (var (key, value) in configuration.GetSection(FunctionsHostOptions.AppSettingsSection).AsEnumerable(makePathsRelative: true))
        {
            if (value is not null) environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var appDirectory = Path.GetDirectoryName(workerPath)!;
        environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        environment["FUNCTIONS_APPLICATION_DIRECTORY"] = appDirectory;
        environment["FUNCTIONS_WORKER_DIRECTORY"] = appDirectory;
        environment["AzureWebJobsScriptRoot"] = appDirectory;
        environment["AGENTPLATFORM_PARENT_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        if (string.IsNullOrEmpty(configuration["Functions:Registration:PublicUrl"]) && PublicUrl() is { } publicUrl)
        {
            environment["Functions__Registration__PublicUrl"] = publicUrl;
        }
        return environment;
    }

    private static bool IsUnder(string key, string prefix) =>
        prefix.EndsWith('_')
            ? key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            : key.Equals(prefix, StringComparison.OrdinalIgnoreCase) || key.StartsWith(prefix + ":", StringComparison.OrdinalIgnoreCase);

    private string? PublicUrl() => server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();

    private Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(stoppingToken);
    }

    private static partial class Log
    {
        [LoggerMessage(7201, LogLevel.Information, "Worker {Pid} ready: {Count} HTTP functions, worker HTTP endpoint {HttpUri}")]
        public static partial void WorkerReady(ILogger logger, int pid, int count, Uri httpUri);

        [LoggerMessage(7202, LogLevel.Error, "Functions worker down: {Reason}; restarting in {DelayMs} ms")]
        public static partial void WorkerDown(ILogger logger, string reason, double delayMs);

        [LoggerMessage(7203, LogLevel.Warning, "A worker with unknown id {WorkerId} connected; refused")]
        public static partial void UnknownWorker(ILogger logger, string workerId);

        [LoggerMessage(7204, LogLevel.Information, "Function {Name} has no HTTP trigger; FunctionsHost serves HTTP triggers only")]
        public static partial void NotHttp(ILogger logger, string name);
    }
}
