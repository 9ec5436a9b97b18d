using System.Diagnostics;
using System.Text;
using AgentPlatform.AppHost.Composition;

namespace AgentPlatform.AppHost.Running;

/// <summary>
/// One launched service process: <c>dotnet &lt;dll&gt;</c> (not <c>dotnet run</c>: that is slow and leaves a
/// grandchild we could not stop by id), in its project folder, with exactly the environment we computed
/// (no launch profile). On POSIX it runs under setsid, in its own session: a terminal Ctrl+C reaches only
/// AppHost, which then stops each service exactly once. setsid does not fork here (the child is not a
/// group leader), so the pid we hold is the service itself.
/// </summary>
internal sealed class ServiceProcess : IDisposable
{
    private const int KeptLines = 40;
    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServiceProcess(Process process) => _process = process;

    public int Id { get; private set; }

    /// <summary>Completes with the exit code once the process has exited and its output is drained.</summary>
    public Task<int> Exited => _exited.Task;

    public IReadOnlyList<string> LastLines
    {
        get
        {
            lock (_gate) return [.. _lastLines];
        }
    }

    public static ServiceProcess Start(ServiceResource service, IReadOnlyDictionary<string, string> environment, Action<string> onLine)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(environment);
        var dll = service.Project.DllPath;
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{service.Name}: {dll} is not built; build AppHost (dotnet build AppHost) first.", dll);
        }
        var setsid = OperatingSystem.IsLinux() && File.Exists("/usr/bin/setsid") ? "/usr/bin/setsid" : null;
        var psi = new ProcessStartInfo(setsid ?? DotnetHost.Path)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // A pipe we never write: services must not read the terminal from their own session.
            RedirectStandardInput = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = Directory.Exists(service.Project.ProjectDirectory) ? service.Project.ProjectDirectory : Path.GetDirectoryName(dll)!,
        };
        if (setsid is not null) psi.ArgumentList.Add(DotnetHost.Path);
        psi.ArgumentList.Add(dll);
        psi.Environment.Clear();
        foreach (var (k, v) in environment) psi.Environment[k] = v;

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var child = new ServiceProcess(process);
        var streamsOpen = 2;
        void OnData(string? line)
        {
            if (line is null)
            {
                if (Interlocked.Decrement(ref streamsOpen) == 0) child.CompleteWhenExited();
                return;
            }
            child.Remember(line);
            onLine(line);
        }
        process.OutputDataReceived += (_, e) => OnData(e.Data);
        process.ErrorDataReceived += (_, e) => OnData(e.Data);
        process.Start();
        child.Id = process.Id;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Asks the service to stop (SIGTERM: ASP.NET Core's graceful shutdown).</summary>
    public void Terminate()
    {
        if (HasExited) return;
        if (!PosixSignals.Send(Id, PosixSignals.SigTerm)) Kill();
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: false);
        }
        catch (InvalidOperationException)
        {
        }
    }

    public bool HasExited
    {
        get
        {
            try
            {
                return _process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }
    }

    public void Dispose() => _process.Dispose();

    private void Remember(string line)
    {
        lock (_gate)
        {
            _lastLines.Enqueue(line);
            if (_lastLines.Count > KeptLines) _lastLines.Dequeue();
        }
    }

    private async void CompleteWhenExited()
    {
        // Both streams hit EOF; the exit status follows at once.
        try
        {
            await _process.WaitForExitAsync().ConfigureAwait(false);
            _exited.TrySetResult(_process.ExitCode);
        }
        catch (InvalidOperationException)
        {
            _exited.TrySetResult(-1);
        }
    }
}
