using System.Net.Sockets;

namespace AgentPlatform.AgentHost.Agenkit;

/// <summary>
/// The file side of a Unix socket (seed 003 §8.1): the directory created 0700, a stale socket left by a crash
/// replaced only after checking that nobody listens on it, the socket made 0600 once bound, removed on stop.
/// </summary>
internal static class UnixSocketFile
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode SocketMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Makes <paramref name="path"/> bindable; throws when another process is listening on it.</summary>
    public static void Prepare(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        // A directory we create is private; an existing one (say /tmp) keeps the mode its owner chose.
        if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(directory);
            else Directory.CreateDirectory(directory, DirectoryMode);
        }
        if (!File.Exists(path)) return;
        using (var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            try
            {
                probe.Connect(new UnixDomainSocketEndPoint(path));
                throw new IOException($"another process is listening on {path}");
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
            {
                // Nobody accepts: a socket left behind by a crash.
            }
        }
        // A socket file has no content; anything with bytes in it is somebody's file, never ours to delete.
        if (new FileInfo(path).Length != 0) throw new IOException($"{path} exists and is not a socket");
        File.Delete(path);
    }

    /// <summary>Owner read/write only, once the socket is bound.</summary>
    public static void Restrict(string path)
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, SocketMode);
    }

    public static void Remove(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
