using System.Text;
using System.Text.Json.Nodes;
using AgentPlatform.Client.AgentChat;

namespace AgentPlatform.AgentChat.Daemon;

/// <summary>
/// <c>inbox.jsonl</c> as a ring of the last <see cref="Capacity"/> lines: each frame is appended; once the file holds
/// twice as many, it is rewritten (through a temporary file and a rename, so a reader never sees half of it) with the
/// newest <see cref="Capacity"/>. So the file holds between Capacity and 2 × Capacity lines once full (readers take the
/// tail), and the rewrite costs once per Capacity lines instead of on every line. Created 0600.
/// </summary>
public sealed class InboxRing
{
    private readonly Queue<string> _lines = new();
    private int _fileLines;

    public InboxRing(string path, int capacity = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Path = path;
        Capacity = capacity;
        if (File.Exists(path))
        {
            foreach (var line in File.ReadLines(path))
            {
                if (line.Length == 0) continue;
                _lines.Enqueue(line);
                _fileLines++;
                if (_lines.Count > capacity) _lines.Dequeue();
            }
        }
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>How many lines are kept.</summary>
    public int Capacity { get; }

    /// <summary>Appends a frame as one line.</summary>
    public void Append(JsonObject frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var line = frame.Serialize();
        _lines.Enqueue(line);
        if (_lines.Count > Capacity) _lines.Dequeue();
        if (_fileLines + 1 > 2L * Capacity)
        {
            Rewrite();
            return;
        }
        PrivateFiles.Append(Path, line + "\n");
        _fileLines++;
    }

    private void Rewrite()
    {
        var temporary = Path + ".tmp";
        var text = new StringBuilder();
        foreach (var line in _lines) text.Append(line).Append('\n');
        PrivateFiles.WriteAll(temporary, text.ToString());
        File.Move(temporary, Path, overwrite: true);
        _fileLines = _lines.Count;
    }
}
