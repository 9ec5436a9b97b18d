using System.Diagnostics;
using System.Globalization;

namespace AgentPlatform.FunctionsHost.Worker;

/// <summary>
/// One worker process, started the way the Functions host starts a dotnet-isolated worker: <c>dotnet App.dll
/// --functions-uri … --functions-worker-id … --functions-request-id … --functions-grpc-max-message-length …</c>, with
/// the app settings in its environment. Disposing kills it (the whole tree) if it still runs.
/// </summary>
public sealed partial class WorkerProcess : IDisposable
{
    private readonly Process _process;

    private WorkerProcess(Process process, string workerId)
    {
        _process = process;
        WorkerId = workerId;
        Exited = WaitExitAsync(process);
    }

    public string WorkerId { get; }

    public int Id => _process.Id;

    /// <summary>Completes with the exit code when the process ends.</summary>
    public Task<int> Exited { get; }

    public static WorkerProcess Start(string workerPath, string workerId, Uri rpcUri, IReadOnlyDictionary<string, string?> environment, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(workerPath);
        ArgumentNullException.ThrowIfNull(rpcUri);
        ArgumentNullException.ThrowIfNull(environment);
        var appDirectory = Path.GetDirectoryName(Path.GetFullPath(workerPath)) ?? ".";
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = appDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
                 {
                     Path.GetFullPath(workerPath),
                     "--functions-uri", rpcUri.ToString(),
                     "--functions-worker-id", workerId,
                     "--functions-request-id", Guid.NewGuid().ToString(),
                     "--functions-grpc-max-message-length", int.MaxValue.ToString(CultureInfo.InvariantCulture),
                 })
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in environment)
        {
            if (value is null) start.Environment.Remove(key);
            else start.Environment[key] = value;
        }
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var worker = new WorkerProcess(process, workerId);
        process.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) Log.Stdout(logger, line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) Log.Stderr(logger, line); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Log.Started(logger, process.Id, workerId, workerPath);
        return worker;
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private static async Task<int> WaitExitAsync(Process process)
    {
        // Exited is raised once the process is gone; WaitForExitAsync also drains the redirected output.
        var exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.Exited += (_, _) => exited.TrySetResult();
        await exited.Task.ConfigureAwait(false);
        await process.WaitForExitAsync().ConfigureAwait(false);
        return process.ExitCode;
    }

    // The SDK sets DOTNET_HOST_PATH for processes it runs (dotnet run, dotnet test); otherwise dotnet from PATH.
    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host)) return host;
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase)) return self;
        return "dotnet";
    }

    private static partial class Log
    {
        [LoggerMessage(7001, LogLevel.Information, "Started worker process {Pid} (worker id {WorkerId}): {WorkerPath}")]
        public static partial void Started(ILogger logger, int pid, string workerId, string workerPath);

        [LoggerMessage(7002, LogLevel.Information, "worker: {Line}")]
        public static partial void Stdout(ILogger logger, string line);

        [LoggerMessage(7003, LogLevel.Warning, "worker stderr: {Line}")]
        public static partial void Stderr(ILogger logger, string line);
    }
}
