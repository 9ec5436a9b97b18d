using System.Net.Sockets;

namespace AgentPlatform.Relay.Agenkit;

/// <summary>
/// The Unix socket's file: a directory it creates made 0700 (so nobody else reaches the socket in the instant between
/// bind and chmod), an existing one accepted only when owned by this user and not group/other-writable (never chmodded:
/// it may be someone's shared directory), the socket 0600, a stale file from a crashed Relay replaced only after a
/// connect shows nobody listens, and the file removed on shutdown.
/// </summary>
public static class UnixSocketFile
{
    /// <summary>Prepares <paramref name="path"/> for bind: creates (0700) or checks the directory, removes a stale socket.</summary>
    /// <exception cref="InvalidOperationException">
    /// Something listens on the path, it is a file that is not a socket, or the existing directory is not this user's
    /// or is writable by group or others (anyone who can write there could replace the socket).
    /// </exception>
    public static void Prepare(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var directory = Path.GetDirectoryName(path) ?? throw new InvalidOperationException("The socket path has no directory: " + path);
        if (OperatingSystem.IsWindows())
        {
            // No Unix modes there: the directory's ACL governs.
            Directory.CreateDirectory(directory);
        }
        else if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, OwnerOnly);
            // The umask may have narrowed the mode; this directory is ours, so set it exactly.
            File.SetUnixFileMode(directory, OwnerOnly);
        }
        else
        {
            CheckExisting(directory);
        }
        if (!File.Exists(path)) return;
        if (IsListening(path)) throw new InvalidOperationException("Another process listens on " + path);
        // A socket file has no content; a non-empty file at the path is someone's data, never deleted here.
        if (new FileInfo(path).Length != 0) throw new InvalidOperationException(path + " exists and is not a socket");
        File.Delete(path);
    }

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void CheckExisting(string directory)
    {
        var mode = File.GetUnixFileMode(directory);
        if ((mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
        {
            throw new InvalidOperationException($"The Unix socket directory {directory} is writable by group or others; "
                + "use a directory owned by this user and not group/other-writable (e.g. mode 0700), or a path whose directory does not exist yet");
        }
        try
        {
            // Setting the mode it already has changes nothing, and succeeds only for the owner (or root): an ownership test
            // without a stat binding.
            File.SetUnixFileMode(directory, mode);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new InvalidOperationException($"The Unix socket directory {directory} is not owned by this user; use one that is", ex);
        }
    }

    /// <summary>Makes the bound socket owner-only.</summary>
    public static void Restrict(string path)
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    /// <summary>Removes the socket file, if it is still there.</summary>
    public static void Remove(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Shutdown goes on; a file left behind is replaced safely at the next start.
        }
    }

    /// <summary>True when a connect to <paramref name="path"/> succeeds: a live listener owns it.</summary>
    public static bool IsListening(string path)
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
