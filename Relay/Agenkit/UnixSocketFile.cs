using System.Net.Sockets;

namespace AgentPlatform.Relay.Agenkit;

/// <summary>
/// The Unix socket's file: its directory made 0700 (so nobody else reaches the socket in the instant between bind and
/// chmod), the socket 0600, a stale file from a crashed Relay replaced only after a connect shows nobody listens, and
/// the file removed on shutdown.
/// </summary>
public static class UnixSocketFile
{
    /// <summary>Prepares <paramref name="path"/> for bind: creates or tightens the directory, removes a stale socket.</summary>
    /// <exception cref="InvalidOperationException">Something listens on the path, or it is a file that is not a socket.</exception>
    public static void Prepare(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var directory = Path.GetDirectoryName(path) ?? throw new InvalidOperationException("The socket path has no directory: " + path);
        if (OperatingSystem.IsWindows())
        {
            // No Unix modes there: the directory's ACL governs.
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            // CreateDirectory leaves an existing directory's mode alone.
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        if (!File.Exists(path)) return;
        if (IsListening(path)) throw new InvalidOperationException("Another process listens on " + path);
        // A socket file has no content; a non-empty file at the path is someone's data, never deleted here.
        if (new FileInfo(path).Length != 0) throw new InvalidOperationException(path + " exists and is not a socket");
        File.Delete(path);
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
