using System.Runtime.InteropServices;

namespace AgentPlatform.AppHost.Running;

/// <summary>kill(2): .NET can only SIGKILL a process; a graceful stop needs SIGTERM.</summary>
internal static partial class PosixSignals
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>Sends <paramref name="signal"/> to one process (never a group); false if it is already gone.</summary>
    public static bool Send(int pid, int signal)
    {
        if (pid <= 0) throw new ArgumentOutOfRangeException(nameof(pid), pid, "Only a single positive process id may be signalled.");
        return !OperatingSystem.IsWindows() && Kill(pid, signal) == 0;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int Kill(int pid, int signal);
}
