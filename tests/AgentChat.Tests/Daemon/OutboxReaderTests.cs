using AgentPlatform.AgentChat.Daemon;
using AgentPlatform.AgentChat.Tests.Infrastructure;

namespace AgentPlatform.AgentChat.Tests.Daemon;

/// <summary>The outbox's crash windows, on files alone.</summary>
public sealed class OutboxReaderTests
{
    [Fact]
    public void A_daemon_killed_between_the_rename_and_saving_draining_resumes_the_renamed_file_at_its_offset()
    {
        using var state = new TempDir();
        var paths = new DaemonPaths("crash", state.Path);
        // The state the window leaves: the ack still says "outbox 5" ("a\nbb\n" confirmed), the confirmed file already
        // renamed, a writer that had it open appended "ccc", and new writers started a fresh outbox.
        File.WriteAllText(paths.OutboxDraining, "a\nbb\nccc\n");
        File.WriteAllText(paths.OutboxAck, "outbox 5");
        File.WriteAllText(paths.Outbox, "fresh\n");

        var reader = new OutboxReader(paths) { QuietPeriod = TimeSpan.Zero };
        var tail = reader.Next();
        Assert.NotNull(tail);
        Assert.Equal("ccc", tail.Text);
        reader.Ack(tail);
        Assert.Equal("draining 9", File.ReadAllText(paths.OutboxAck));
        // Drained: the renamed file goes and the fresh outbox is read from its start.
        var next = reader.Next();
        Assert.Equal("fresh", next?.Text);
        Assert.False(File.Exists(paths.OutboxDraining));
    }
}
