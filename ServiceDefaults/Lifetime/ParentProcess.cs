using System.Diagnostics;
using System.Globalization;

namespace AgentPlatform.ServiceDefaults.Lifetime;

/// <summary>
/// Tells whether the process that launched us is still there. A supervisor (AppHost, a test fixture)
/// sets <see cref="EnvironmentVariable"/> to its pid; when it dies, even by SIGKILL, its children notice.
/// </summary>
public static class ParentProcess
{
    /// <summary>The environment variable a supervisor sets to its own process id.</summary>
    public const string EnvironmentVariable = "AGENTPLATFORM_PARENT_PID";

    /// <summary>
    /// True when <paramref name="parentPid"/> no longer runs or is no longer our parent. On Linux the
    /// parent id in /proc/self/stat changes the moment the parent dies (we are re-parented), which is
    /// immune to pid reuse; elsewhere the pid itself is checked.
    /// </summary>
    public static bool IsGone(int parentPid)
    {
        if (TryReadLinuxParentId(out var ppid)) return ppid != parentPid;
        try
        {
            using var process = Process.GetProcessById(parentPid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static bool TryReadLinuxParentId(out int ppid)
    {
        ppid = 0;
        const string StatPath = "/proc/self/stat";
        if (!OperatingSystem.IsLinux() || !File.Exists(StatPath)) return false;
        try
        {
            // "pid (comm) state ppid ...": comm may hold spaces or parentheses, so parse after the last ')'.
            var text = File.ReadAllText(StatPath);
            var close = text.LastIndexOf(')');
            if (close < 0) return false;
            var fields = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length > 1 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out ppid);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
