using System.Globalization;

namespace AgentPlatform.AppHost.Lifecycle;

/// <summary>
/// DCP runs a project as <c>dotnet run --no-build</c>, which starts the service as its child. Tools and
/// tests want the service's own process (the one that listens, the one to kill -9), so endpoints.json
/// names that child; Linux only (/proc), elsewhere the launcher's id.
/// </summary>
internal static class ProcessTree
{
    public static int ServiceProcess(int launcherPid)
    {
        if (!OperatingSystem.IsLinux()) return launcherPid;
        try
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
                if (ParentOf(pid) == launcherPid) return pid;
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return launcherPid;
    }

    private static int? ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            // pid (comm) state ppid …; comm may hold spaces and parentheses, so parse after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ', 3);
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
