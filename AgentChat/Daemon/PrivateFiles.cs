using System.Text;

namespace AgentPlatform.AgentChat.Daemon;

/// <summary>
/// The daemon's folder and files are the agent's mail (inbox) and activity (log): owner-only, 0700 and 0600, set at
/// creation so they are never readable by others, not even briefly. Windows has no modes; its ACLs are inherited.
/// </summary>
internal static class PrivateFiles
{
    private const UnixFileMode FileMode600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode DirMode700 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates the folder 0700 (and makes an existing one 0700).</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        Directory.CreateDirectory(path, DirMode700);
        File.SetUnixFileMode(path, DirMode700);
    }

    /// <summary>Appends text, creating the file 0600.</summary>
    public static void Append(string path, string text) => Write(path, text, FileMode.Append);

    /// <summary>Writes a whole file, created 0600 (used for temporary files that are then renamed into place).</summary>
    public static void WriteAll(string path, string text) => Write(path, text, FileMode.Create);

    private static void Write(string path, string text, FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.ReadWrite | FileShare.Delete };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = FileMode600;
        using var stream = new FileStream(path, options);
        stream.Write(Encoding.UTF8.GetBytes(text));
    }
}
