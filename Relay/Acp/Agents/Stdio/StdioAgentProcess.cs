using System.ComponentModel;
using System.Diagnostics;
using System.Threading.Channels;
using AgentPlatform.Protocol.Acp;

namespace AgentPlatform.Relay.Acp.Agents.Stdio;

/// <summary>
/// One running stdio agent: messages to it go through one ordered writer to stdin; its stdout is read line by line and
/// each valid JSON-RPC message is handed to <c>onMessage</c> in order (malformed lines are skipped and logged without
/// their content); its stderr goes to the log at Debug as sizes only. <see cref="Exited"/> completes with the exit code
/// after the last stdout message was handed over.
/// </summary>
public sealed partial class StdioAgentProcess : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    /// <summary>Environment variables of the Relay's own keys (AgentPlatform:Keys:*), not passed to agent processes.</summary>
    private const string SecretPrefix = "AgentPlatform__Keys__";

    /// <summary>Numbers every process this Relay starts, so a restarted agent's reused session ids never meet the old ones.</summary>
    private static long _generations;

    private readonly Process _process;
    private readonly string _agent;
    private readonly ILogger _logger;
    private readonly Channel<byte[]> _stdin = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task<int> _exited;
    private readonly int _processId;
    private readonly long _maxStdinBytes;
    private long _stdinBytes;
    private int _stopping;

    private StdioAgentProcess(Process process, string agent, int maxMessageBytes, Action<StdioAgentProcess, JsonRpcMessage> onMessage, ILogger logger)
    {
        _process = process;
        _processId = process.Id;
        _agent = agent;
        _logger = logger;
        _maxStdinBytes = 4L * maxMessageBytes;
        var writer = Task.Run(WriteStdinAsync);
        var reader = Task.Run(() => ReadStdoutAsync(maxMessageBytes, onMessage));
        _ = Task.Run(DrainStderrAsync);
        _exited = WaitForExitAsync(reader, writer);
    }

    public int ProcessId => _processId;

    /// <summary>This process's number among all agent processes of this Relay (unique, unlike operating-system pids).</summary>
    public long Generation { get; } = Interlocked.Increment(ref _generations);

    /// <summary>
    /// Waits (polling, bounded by <paramref name="cancellationToken"/> and the process's exit) while the stdin queue
    /// holds 4 × the message limit unwritten: clients sending faster than the agent reads are slowed, not buffered.
    /// Called outside the agent's lock.
    /// </summary>
    public async ValueTask WaitForStdinRoomAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(1);
        while (Interlocked.Read(ref _stdinBytes) >= _maxStdinBytes && !_exited.IsCompleted)
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 50));
        }
    }

    /// <summary>The exit code, once the process has exited and its stdout was read to the end.</summary>
    public Task<int> Exited => _exited;

    /// <summary>True when <see cref="StopAsync"/> was called: the exit that follows is not a crash.</summary>
    public bool Stopping => Volatile.Read(ref _stopping) != 0;

    /// <summary>Starts <paramref name="words"/> (program, then arguments). Throws <see cref="AcpAgentUnavailableException"/> when it cannot start.</summary>
    public static StdioAgentProcess Start(string agent, IReadOnlyList<string> words, string? workingDirectory, int maxMessageBytes,
        Action<StdioAgentProcess, JsonRpcMessage> onMessage, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(onMessage);
        ArgumentNullException.ThrowIfNull(logger);
        if (words.Count == 0) throw new AcpAgentUnavailableException($"ACP agent '{agent}' has no command (Acp:Agents:{agent}:Command)");
        var start = new ProcessStartInfo(words[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = string.IsNullOrWhiteSpace(workingDirectory) ? Environment.CurrentDirectory : workingDirectory,
        };
        for (var i = 1; i < words.Count; i++)
        {
            start.ArgumentList.Add(words[i]);
        }
        // The agent inherits the Relay's environment (PATH, HOME, its own settings) but not the Relay's keys.
        foreach (var key in start.Environment.Keys.Where(IsSecret).ToList())
        {
            start.Environment.Remove(key);
        }
        var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException or IOException)
        {
            process.Dispose();
            // The program path and the OS error stay in the log: clients only learn that the agent could not start.
            LogStartFailed(logger, agent, words[0], ex);
            throw new AcpAgentUnavailableException($"agent '{agent}' could not start", ex);
        }
        var started = new StdioAgentProcess(process, agent, maxMessageBytes, onMessage, logger);
        LogStarted(logger, agent, process.Id);
        return started;
    }

    /// <summary>
    /// Not inherited by agents: the Relay's keys, connection strings, and anything named like a credential (KEY, SECRET,
    /// TOKEN, PASSWORD anywhere in the name).
    /// </summary>
    private static bool IsSecret(string name) =>
        name.StartsWith(SecretPrefix, StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
        || name.Contains("KEY", StringComparison.OrdinalIgnoreCase)
        || name.Contains("SECRET", StringComparison.OrdinalIgnoreCase)
        || name.Contains("TOKEN", StringComparison.OrdinalIgnoreCase)
        || name.Contains("PASSWORD", StringComparison.OrdinalIgnoreCase);

    /// <summary>Queues one message for stdin (written in the order of the calls); false once the process is stopping or gone.</summary>
    public bool Send(JsonRpcMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var bytes = message.ToUtf8();
        if (!_stdin.Writer.TryWrite(bytes)) return false;
        Interlocked.Add(ref _stdinBytes, bytes.Length);
        return true;
    }

    /// <summary>Closes stdin (an ACP agent exits when its input ends), waits up to 5 s, then kills the process tree.</summary>
    public async Task StopAsync()
    {
        Interlocked.Exchange(ref _stopping, 1);
        _stdin.Writer.TryComplete();
        if (await Task.WhenAny(_exited, Task.Delay(StopGrace)).ConfigureAwait(false) != _exited)
        {
            LogKilling(_logger, _agent, _processId);
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Exited meanwhile.
            }
            await Task.WhenAny(_exited, Task.Delay(StopGrace)).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    private async Task WriteStdinAsync()
    {
        var stdin = _process.StandardInput.BaseStream;
        try
        {
            while (await _stdin.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (_stdin.Reader.TryRead(out var bytes))
                {
                    await stdin.WriteAsync(bytes).ConfigureAwait(false);
                    stdin.WriteByte((byte)'\n');
                    Interlocked.Add(ref _stdinBytes, -bytes.Length);
                }
                // One flush per burst: the pipe gets whole lines, and a burst costs one write call, not one per message.
                await stdin.FlushAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The agent closed its stdin or exited: the exit is reported by the stdout side.
            LogStdinClosed(_logger, _agent, ex);
        }
        finally
        {
            _stdin.Writer.TryComplete();
            try
            {
                stdin.Close();
            }
            catch (IOException)
            {
            }
        }
    }

    private async Task ReadStdoutAsync(int maxMessageBytes, Action<StdioAgentProcess, JsonRpcMessage> onMessage)
    {
        var reader = new NdJsonLineReader(_process.StandardOutput.BaseStream, maxMessageBytes);
        try
        {
            while (true)
            {
                var (line, oversized, end) = await reader.ReadLineAsync(CancellationToken.None).ConfigureAwait(false);
                if (end) return;
                if (oversized)
                {
                    LogOversized(_logger, _agent, maxMessageBytes);
                    continue;
                }
                if (line.Span.Trim(" \t"u8).IsEmpty) continue;
                var parsed = JsonRpcParser.Parse(line.Span);
                if (parsed.Message is null)
                {
                    LogMalformed(_logger, _agent, line.Length, (int?)parsed.ErrorResponse?.Error?["code"] ?? 0);
                    continue;
                }
                try
                {
                    onMessage(this, parsed.Message);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // A routing bug must not stop the agent's output for every other client.
                    LogRouteFailed(_logger, _agent, ex);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            LogStdoutClosed(_logger, _agent, ex);
        }
    }

    private async Task DrainStderrAsync()
    {
        // Read in blocks, not lines: a line without an end must not grow a buffer. The agent's own log may hold
        // prompts and file contents, so only sizes are logged.
        var buffer = new byte[16 * 1024];
        try
        {
            var stderr = _process.StandardError.BaseStream;
            int read;
            while ((read = await stderr.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                LogStderr(_logger, _agent, read);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
        }
    }

    private async Task<int> WaitForExitAsync(Task reader, Task writer)
    {
        await _process.WaitForExitAsync().ConfigureAwait(false);
        // What the agent wrote before exiting is handed over first; a child of the agent that inherited stdout and
        // keeps it open must not hide the exit, hence the bound.
        await Task.WhenAny(reader, Task.Delay(StopGrace)).ConfigureAwait(false);
        _stdin.Writer.TryComplete();
        await Task.WhenAny(writer, Task.Delay(StopGrace)).ConfigureAwait(false);
        var code = _process.ExitCode;
        LogExited(_logger, _agent, _processId, code);
        return code;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "ACP agent {Agent} could not start program {Program}")]
    private static partial void LogStartFailed(ILogger logger, string agent, string program, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "ACP agent {Agent} started (pid {ProcessId})")]
    private static partial void LogStarted(ILogger logger, string agent, int processId);

    [LoggerMessage(Level = LogLevel.Information, Message = "ACP agent {Agent} (pid {ProcessId}) exited with {ExitCode}")]
    private static partial void LogExited(ILogger logger, string agent, int processId, int exitCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ACP agent {Agent} did not exit within 5 s of stdin closing; killing its process tree (pid {ProcessId})")]
    private static partial void LogKilling(ILogger logger, string agent, int processId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ACP agent {Agent} wrote a line over Acp:MaxMessageBytes ({MaxMessageBytes}); skipped")]
    private static partial void LogOversized(ILogger logger, string agent, int maxMessageBytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ACP agent {Agent} wrote a line of {Bytes} bytes that is not a JSON-RPC message ({Code}); skipped")]
    private static partial void LogMalformed(ILogger logger, string agent, int bytes, int code);

    [LoggerMessage(Level = LogLevel.Error, Message = "Routing a message of ACP agent {Agent} failed")]
    private static partial void LogRouteFailed(ILogger logger, string agent, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "ACP agent {Agent} wrote {Bytes} bytes to stderr")]
    private static partial void LogStderr(ILogger logger, string agent, int bytes);

    [LoggerMessage(Level = LogLevel.Debug, Message = "ACP agent {Agent}: stdin closed")]
    private static partial void LogStdinClosed(ILogger logger, string agent, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "ACP agent {Agent}: stdout closed")]
    private static partial void LogStdoutClosed(ILogger logger, string agent, Exception exception);
}
