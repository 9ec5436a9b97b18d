using System.Globalization;

namespace AgentPlatform.AgentChat.Daemon;

/// <summary>Status, listing and stopping of named daemons through their pid files.</summary>
public static class DaemonControl
{
    /// <summary>One instance's status; a pid file whose process is gone (or is not an agentchat process) reads as not running.</summary>
    public static DaemonStatus Status(DaemonPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var pid = ReadPid(paths);
        var running = pid is { } p && IsOurs(p);
        var inboxLines = File.Exists(paths.Inbox) ? File.ReadLines(paths.Inbox).Count(l => l.Length > 0) : 0;
        return new DaemonStatus(paths.Name, running, running ? pid : null, paths.Dir, inboxLines);
    }

    /// <summary>Every instance folder under the root.</summary>
    public static IReadOnlyList<DaemonStatus> List(string root) =>
        Directory.Exists(root)
            ? [.. Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal).Select(d => Status(DaemonPaths.For(root, Path.GetFileName(d))))]
            : [];

    /// <summary>SIGTERM, then up to <paramref name="grace"/> for it to exit (SIGKILL after); true when a running daemon was stopped.</summary>
    public static async Task<bool> StopAsync(DaemonPaths paths, TimeSpan grace, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (ReadPid(paths) is not { } pid || !IsOurs(pid))
        {
            if (File.Exists(paths.Pid)) File.Delete(paths.Pid); // stale
            return false;
        }
        ProcessSignals.Send(pid, ProcessSignals.SigTerm);
        var deadline = DateTime.UtcNow + grace;
        while (ProcessSignals.Exists(pid) && DateTime.UtcNow < deadline) await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        if (ProcessSignals.Exists(pid))
        {
            ProcessSignals.Send(pid, ProcessSignals.SigKill);
            if (File.Exists(paths.Pid)) File.Delete(paths.Pid);
        }
        return true;
    }

    private static int? ReadPid(DaemonPaths paths)
    {
        if (!File.Exists(paths.Pid)) return null;
        return int.TryParse(File.ReadAllText(paths.Pid).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    /// <summary>The process exists and, where /proc tells, runs agentchat (a recycled pid is never signalled).</summary>
    private static bool IsOurs(int pid)
    {
        if (!ProcessSignals.Exists(pid)) return false;
        var cmdline = $"/proc/{pid}/cmdline";
        if (!File.Exists(cmdline)) return true;
        try
        {
            var text = File.ReadAllText(cmdline);
            return text.Contains("agentchat", StringComparison.OrdinalIgnoreCase) || pid == Environment.ProcessId;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
