using System.Collections.Concurrent;
using System.Threading.Channels;
using AgentPlatform.FunctionsHost.Rpc;
using Grpc.Core;
using GrpcException = Grpc.Core.RpcException;

namespace AgentPlatform.FunctionsHost.Worker;

/// <summary>
/// One connected worker's event stream: a single writer loop for host → worker messages, and a reader that completes
/// whichever request an answer belongs to (by request id, function id or invocation id). <see cref="Closed"/> is
/// cancelled when the stream ends, which fails every invocation still waiting.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification =
    "_closed has no timer or links to release, and its token must stay readable by requests that outlive the session.")]
public sealed partial class WorkerSession
{
    private readonly Channel<StreamingMessage> _outbound = Channel.CreateUnbounded<StreamingMessage>(new() { SingleReader = true });
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StreamingMessage>> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<InvocationResponse>> _invocations = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _closed = new();
    private readonly ILogger _logger;
    private readonly ILogger _workerLogger;

    public WorkerSession(string workerId, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        WorkerId = workerId;
        _logger = loggers.CreateLogger<WorkerSession>();
        _workerLogger = loggers.CreateLogger("AgentPlatform.FunctionsHost.WorkerLog");
    }

    public string WorkerId { get; }

    /// <summary>Cancelled when the stream has ended (the worker disconnected or died).</summary>
    public CancellationToken Closed => _closed.Token;

    /// <summary>Pumps the stream until either side ends it; runs inside the gRPC call.</summary>
    public async Task RunAsync(IAsyncStreamReader<StreamingMessage> requests, IServerStreamWriter<StreamingMessage> responses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(responses);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token);
        var writer = WriteLoopAsync(responses, linked.Token);
        try
        {
            while (await requests.MoveNext(linked.Token).ConfigureAwait(false)) Dispatch(requests.Current);
        }
        catch (Exception ex) when (ex is OperationCanceledException or GrpcException or IOException)
        {
            Log.StreamBroken(_logger, WorkerId, ex.GetType().Name);
        }
        finally
        {
            Close();
            try
            {
                await writer.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or GrpcException or IOException or InvalidOperationException)
            {
                // The stream is gone; nothing is left to write to.
            }
        }
    }

    /// <summary>Sends a request and waits for the answer carrying its request id.</summary>
    public async Task<StreamingMessage> RequestAsync(StreamingMessage request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.RequestId = Guid.NewGuid().ToString();
        var answer = new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests[request.RequestId] = answer;
        try
        {
            Send(request);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token);
            return await answer.Task.WaitAsync(timeout, linked.Token).ConfigureAwait(false);
        }
        finally
        {
            _requests.TryRemove(request.RequestId, out _);
        }
    }

    /// <summary>Starts an invocation; the task completes with the worker's InvocationResponse or is cancelled when the stream closes.</summary>
    public Task<InvocationResponse> Invoke(InvocationRequest invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var result = new TaskCompletionSource<InvocationResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _invocations[invocation.InvocationId] = result;
        if (_closed.IsCancellationRequested) result.TrySetCanceled(_closed.Token);
        Send(new StreamingMessage { RequestId = Guid.NewGuid().ToString(), InvocationRequest = invocation });
        return result.Task;
    }

    /// <summary>Tells the worker to cancel an invocation (its FunctionContext.CancellationToken fires).</summary>
    public void Cancel(string invocationId)
    {
        if (_invocations.ContainsKey(invocationId))
        {
            Send(new StreamingMessage { RequestId = Guid.NewGuid().ToString(), InvocationCancel = new InvocationCancel { InvocationId = invocationId } });
        }
    }

    /// <summary>Forgets an invocation whose result nobody waits for any more.</summary>
    public void Forget(string invocationId) => _invocations.TryRemove(invocationId, out _);

    public void Terminate()
    {
        Send(new StreamingMessage { RequestId = Guid.NewGuid().ToString(), WorkerTerminate = new WorkerTerminate() });
    }

    public void Close()
    {
        if (_closed.IsCancellationRequested) return;
        _closed.Cancel();
        _outbound.Writer.TryComplete();
        foreach (var pending in _invocations.Values) pending.TrySetCanceled(_closed.Token);
        foreach (var pending in _requests.Values) pending.TrySetCanceled(_closed.Token);
    }

    private void Send(StreamingMessage message) => _outbound.Writer.TryWrite(message);

    private async Task WriteLoopAsync(IServerStreamWriter<StreamingMessage> responses, CancellationToken cancellationToken)
    {
        await foreach (var message in _outbound.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            await responses.WriteAsync(message, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Dispatch(StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case StreamingMessage.ContentOneofCase.InvocationResponse:
                if (_invocations.TryRemove(message.InvocationResponse.InvocationId, out var invocation))
                {
                    invocation.TrySetResult(message.InvocationResponse);
                }
                break;
            case StreamingMessage.ContentOneofCase.RpcLog:
                WriteWorkerLog(message.RpcLog);
                break;
            case StreamingMessage.ContentOneofCase.WorkerStatusResponse:
                break;
            default:
                if (_requests.TryRemove(message.RequestId, out var answer)) answer.TrySetResult(message);
                else Log.Unexpected(_logger, WorkerId, message.ContentCase.ToString());
                break;
        }
    }

    // The worker also writes its logs to its own console (captured by WorkerProcess), so RpcLog entries are kept at
    // Debug unless they warn: the host's log stays readable without losing the worker's warnings and errors.
    private void WriteWorkerLog(RpcLog log)
    {
        var level = log.Level switch
        {
            RpcLog.Types.Level.Warning => LogLevel.Warning,
            RpcLog.Types.Level.Error => LogLevel.Error,
            RpcLog.Types.Level.Critical => LogLevel.Critical,
            _ => LogLevel.Debug,
        };
        if (!_workerLogger.IsEnabled(level)) return;
        Log.WorkerLog(_workerLogger, level, log.Category, log.InvocationId, log.Message, log.Exception?.Type ?? "");
    }

    private static partial class Log
    {
        [LoggerMessage(7101, LogLevel.Information, "Worker {WorkerId} stream ended ({Reason})")]
        public static partial void StreamBroken(ILogger logger, string workerId, string reason);

        [LoggerMessage(7102, LogLevel.Debug, "Worker {WorkerId} sent an unexpected {Content}")]
        public static partial void Unexpected(ILogger logger, string workerId, string content);

        [LoggerMessage(EventId = 7103, Message = "{Category} [{InvocationId}] {Message} {ExceptionType}")]
        public static partial void WorkerLog(ILogger logger, LogLevel level, string category, string invocationId, string message, string exceptionType);
    }
}
