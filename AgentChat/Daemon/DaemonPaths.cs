namespace AgentPlatform.AgentChat.Daemon;

/// <summary>The files of one named daemon, <c>.agentchat/daemons/&lt;name&gt;/</c> (the reference's layout, plus the outbox's ack file).</summary>
public sealed record DaemonPaths(string Name, string Dir)
{
    /// <summary>Where daemons live, relative to the working directory.</summary>
    public const string DefaultRoot = ".agentchat/daemons";

    /// <summary>The instance name when none is given.</summary>
    public const string DefaultName = "default";

    /// <summary>Received frames, one JSON object a line, the last 1000.</summary>
    public string Inbox => Path.Combine(Dir, "inbox.jsonl");

    /// <summary>Lines <c>{"to": …, "content": …}</c> appended by agents; the daemon sends each once the server has taken it.</summary>
    public string Outbox => Path.Combine(Dir, "outbox.jsonl");

    /// <summary>The outbox while the daemon drains it after moving it aside (see <see cref="OutboxReader"/>).</summary>
    public string OutboxDraining => Path.Combine(Dir, "outbox.draining");

    /// <summary>Which outbox file and how many of its bytes the server has confirmed.</summary>
    public string OutboxAck => Path.Combine(Dir, "outbox.ack");

    /// <summary>Outbox lines the server refused (with its error code), so a refusal is visible rather than silent.</summary>
    public string Rejected => Path.Combine(Dir, "rejected.jsonl");

    /// <summary>Structured log lines (JSON).</summary>
    public string Log => Path.Combine(Dir, "daemon.log");

    /// <summary>The running daemon's process id.</summary>
    public string Pid => Path.Combine(Dir, "daemon.pid");

    /// <summary>The paths of a named instance under a root.</summary>
    public static DaemonPaths For(string root, string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.IndexOfAny(['/', '\\']) >= 0 || name is "." or "..")
        {
            throw new ArgumentException($"'{name}' is not a daemon name (no path separators)", nameof(name));
        }
        return new DaemonPaths(name, Path.GetFullPath(Path.Combine(root, name)));
    }
}
