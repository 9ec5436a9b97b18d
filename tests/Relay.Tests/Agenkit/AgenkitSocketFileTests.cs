using System.Diagnostics;
using System.Net.Sockets;
using AgentPlatform.Relay.Agenkit;
using AgentPlatform.Relay.Tests.Infrastructure;

namespace AgentPlatform.Relay.Tests.Agenkit;

/// <summary>The Unix socket file: modes, a stale one replaced, a live one left alone, removal on shutdown.</summary>
[Collection(PlatformGroup.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AgenkitSocketFileTests(PlatformFixture platform)
{
    [Fact]
    public async Task The_directory_is_0700_the_socket_0600_and_both_go_with_the_Relay()
    {
        var directory = AgenkitRelay.NewDirectory();   // not there yet: the Relay creates it, private
        string path;
        await using (var relay = await AgenkitRelay.StartAsync(platform, directory: directory))
        {
            path = relay.SocketPath;
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            await relay.Host.App.StopAsync();
            Assert.False(File.Exists(path), "the socket file is removed on shutdown");
        }
    }

    [Fact]
    public void An_existing_group_or_other_writable_directory_is_refused_and_left_as_it_was()
    {
        var directory = AgenkitRelay.NewDirectory();
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "relay.sock");
        try
        {
            foreach (var loose in new[] { (UnixFileMode)0x1FF, (UnixFileMode)0x1F8 /* 0770 */, (UnixFileMode)0x1C2 /* 0702 */ })
            {
                File.SetUnixFileMode(directory, loose);
                var ex = Assert.Throws<InvalidOperationException>(() => UnixSocketFile.Prepare(path));
                Assert.Contains("writable by group or others", ex.Message, StringComparison.Ordinal);
                Assert.Equal(loose, File.GetUnixFileMode(directory));
            }
            // An existing private (or world-readable, not writable) directory of this user is used as it is.
            File.SetUnixFileMode(directory, (UnixFileMode)0x1ED);   // 0755
            UnixSocketFile.Prepare(path);
            Assert.Equal((UnixFileMode)0x1ED, File.GetUnixFileMode(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_stale_socket_from_a_crash_is_replaced()
    {
        var directory = AgenkitRelay.NewDirectory();
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "relay.sock");
        // A crashed process: bound and listening, then gone without unlinking (.NET's own Socket unlinks on dispose).
        using (var crashed = Process.Start(new ProcessStartInfo("python3",
            ["-c", "import socket, os, sys; s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(1); os._exit(0)", path]))!)
        {
            Assert.True(crashed.WaitForExit(TimeSpan.FromSeconds(20)));
        }
        Assert.True(File.Exists(path));
        Assert.False(UnixSocketFile.IsListening(path));
        await using var relay = await AgenkitRelay.StartAsync(platform, directory: directory);
        await using var client = await relay.ConnectAsync("unix");
        await client.SendAsync(Protocol.Agenkit.AgenkitEnvelope.Create(Protocol.Agenkit.AgenkitMessageType.StreamEnd, "x", []));
        Assert.Equal(Protocol.Agenkit.AgenkitMessageType.Error, (await client.ExpectAsync()).Type);
    }

    [Fact]
    public void A_socket_someone_listens_on_is_never_unlinked_and_the_listener_does_not_start()
    {
        var directory = AgenkitRelay.NewDirectory();
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "relay.sock");
        using var live = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        live.Bind(new UnixDomainSocketEndPoint(path));
        live.Listen(1);
        // What the listener runs first at start: it throws, so the host does not start.
        var ex = Assert.Throws<InvalidOperationException>(() => UnixSocketFile.Prepare(path));
        Assert.Contains("listens", ex.Message, StringComparison.Ordinal);
        Assert.True(UnixSocketFile.IsListening(path), "the live socket is untouched");
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public void A_non_empty_file_at_the_path_is_refused_not_deleted()
    {
        var directory = AgenkitRelay.NewDirectory();
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "relay.sock");
        File.WriteAllText(path, "someone's data");
        Assert.Throws<InvalidOperationException>(() => UnixSocketFile.Prepare(path));
        Assert.Equal("someone's data", File.ReadAllText(path));
        Directory.Delete(directory, recursive: true);
    }
}
