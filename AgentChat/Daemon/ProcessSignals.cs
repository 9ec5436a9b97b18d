using System.Runtime.InteropServices;

namespace AgentPlatform.AgentChat.Daemon;

/// <summary>POSIX <c>kill(2)</c>: .NET can only SIGKILL a process, and a daemon asked to stop should get SIGTERM and clean up.</summary>
internal static partial class ProcessSignals
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    /// <summary>Whether a process with this id exists (signal 0 checks without sending).</summary>
    public static bool Exists(int pid) => pid > 0 && (Kill(pid, 0) == 0 || Marshal.GetLastPInvokeError() == 1 /* EPERM: exists, not ours */);

    public static bool Send(int pid, int signal) => pid > 0 && Kill(pid, signal) == 0;
}
