using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace AgentPlatform.TestSupport;

/// <summary>
/// A process a test started: output captured line by line, stopped by its own process id (never by name)
/// when disposed, so a failed test leaves nothing running.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public Task Exited => _exited.Task;

    /// <summary>Everything the process printed so far (stdout and stderr interleaved as they arrived).</summary>
    public string Output => string.Join('\n', _lines);

    public event Action<string>? LineReceived;

    public static ChildProcess Start(string fileName, IEnumerable<string> args, string? workingDirectory = null,
        IDictionary<string, string?>? environment = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepoPaths.Root,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        if (environment is not null)
        {
            foreach (var (k, v) in environment)
            {
                if (v is null) psi.Environment.Remove(k); else psi.Environment[k] = v;
            }
        }
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.Exited += (_, _) => child._exited.TrySetResult();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line).ConfigureAwait(false);
        await _process.StandardInput.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Waits until a printed line satisfies <paramref name="match"/>; fails with the output so far.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var tcs = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Handler(string l)
        {
            if (match(l)) tcs.TrySetResult(l);
        }
        LineReceived += Handler;
        try
        {
            foreach (var l in _lines)
            {
                if (match(l)) return l;
            }
            var done = await Task.WhenAny(tcs.Task, _exited.Task, Task.Delay(timeout)).ConfigureAwait(false);
            if (done == tcs.Task) return await tcs.Task.ConfigureAwait(false);
            if (tcs.Task.IsCompleted) return await tcs.Task.ConfigureAwait(false);
            var why = done == _exited.Task ? $"exited with {_process.ExitCode}" : $"timed out after {timeout}";
            throw new TimeoutException($"Process {_process.StartInfo.FileName} {why} before the expected line. Output:\n{Tail(60)}");
        }
        finally
        {
            LineReceived -= Handler;
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Process {_process.StartInfo.FileName} did not exit within {timeout}. Output:\n{Tail(60)}");
        }
        return _process.ExitCode;
    }

    /// <summary>Sends SIGINT (Ctrl+C) to this process only.</summary>
    public void Interrupt() => Signal("INT");

    /// <summary>Sends SIGTERM to this process only.</summary>
    public void Terminate() => Signal("TERM");

    /// <summary>SIGKILL to this process only (its children are its own business).</summary>
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

    public string Tail(int lines) => string.Join('\n', _lines.TakeLast(lines));

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                Terminate();
                var exited = await Task.WhenAny(_exited.Task, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
                if (exited != _exited.Task) _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }

    private void Signal(string name)
    {
        if (_process.HasExited) return;
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + name, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false });
        kill?.WaitForExit();
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        _lines.Enqueue(line);
        while (_lines.Count > 5000 && _lines.TryDequeue(out _))
        {
        }
        LineReceived?.Invoke(line);
    }
}
