using System.Globalization;
using System.Text;

namespace AgentPlatform.AgentChat.Daemon;

/// <summary>
/// Reads <c>outbox.jsonl</c> line by line and remembers, in <c>outbox.ack</c>, how far the server has confirmed, so
/// a line is never lost: a daemon killed or a server gone between reading a line and its confirmation sends it again.
/// The file is never truncated under a writer: once every line is confirmed, it is renamed to <c>outbox.draining</c>
/// (writers then create a fresh outbox), and the renamed file is read to its end until it has been quiet for
/// <see cref="QuietPeriod"/> (a writer that opened it before the rename may still append), then deleted.
/// </summary>
public sealed class OutboxReader
{
    private readonly DaemonPaths _paths;
    private readonly TimeProvider _time;
    private bool _draining;
    private long _offset;

    public OutboxReader(DaemonPaths paths, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        _paths = paths;
        _time = time ?? TimeProvider.System;
        if (File.Exists(paths.OutboxAck))
        {
            var parts = File.ReadAllText(paths.OutboxAck).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                _draining = parts[0] == "draining";
                _offset = offset;
            }
        }
        // A daemon killed between renaming the confirmed outbox and saving "draining" leaves the ack in outbox mode
        // with the renamed file's offset: resume draining that file from there (else its unread tail was lost and
        // no outbox could ever be renamed again).
        if (!_draining && File.Exists(paths.OutboxDraining)) Save(draining: true, _offset);
    }

    /// <summary>How long a drained file must have been unchanged before it is deleted.</summary>
    public TimeSpan QuietPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The confirmed position in the current file.</summary>
    public long Offset => _offset;

    /// <summary>The next complete (newline-ended) line after the confirmed position, or null when there is none yet.</summary>
    public OutboxLine? Next()
    {
        while (true)
        {
            var file = _draining ? _paths.OutboxDraining : _paths.Outbox;
            if (!File.Exists(file))
            {
                if (!_draining) return null;
                Switch(draining: false);
                continue;
            }
            var length = new FileInfo(file).Length;
            // Someone emptied the file by hand (as the reference's daemon does): start over at its beginning.
            if (length < _offset) Save(_draining, 0);
            if (ReadLine(file, _offset) is { } line) return line;
            if (_draining)
            {
                if (_time.GetUtcNow().UtcDateTime - File.GetLastWriteTimeUtc(file) < QuietPeriod) return null;
                File.Delete(file);
                Switch(draining: false);
                continue;
            }
            if (length > 0 && _offset == length && !File.Exists(_paths.OutboxDraining))
            {
                File.Move(file, _paths.OutboxDraining);
                Save(draining: true, _offset);
            }
            return null;
        }
    }

    /// <summary>Confirms everything up to <paramref name="line"/>'s end.</summary>
    public void Ack(OutboxLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        Save(_draining, line.End);
    }

    private void Switch(bool draining) => Save(draining, 0);

    private void Save(bool draining, long offset)
    {
        _draining = draining;
        _offset = offset;
        var temporary = _paths.OutboxAck + ".tmp";
        File.WriteAllText(temporary, (draining ? "draining " : "outbox ") + offset.ToString(CultureInfo.InvariantCulture));
        File.Move(temporary, _paths.OutboxAck, overwrite: true);
    }

    private static OutboxLine? ReadLine(string file, long offset)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(offset, SeekOrigin.Begin);
        var bytes = new List<byte>();
        int b;
        while ((b = stream.ReadByte()) >= 0)
        {
            if (b == '\n') return new OutboxLine(Encoding.UTF8.GetString([.. bytes]).TrimEnd('\r'), offset + bytes.Count + 1);
            bytes.Add((byte)b);
        }
        return null; // A line still being written: wait for its newline.
    }
}
