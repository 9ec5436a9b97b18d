using AgentPlatform.AgentHost.Agenkit;
using AgentPlatform.Client.Agenkit;
using AgentPlatform.Functions.Agents;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Client.Tests.Agenkit;

/// <summary>Seed 003 §8.1 on the file system: 0700 folder, 0600 socket, a crashed predecessor's socket replaced, a live one never.</summary>
public sealed class UnixSocketFileTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_folder_is_0700_the_socket_0600_and_the_socket_is_removed_on_stop()
    {
        var folder = AgenkitHosts.NewSocketFolder();
        var path = Path.Combine(folder, "nested", "agent.sock");
        try
        {
            var host = await LocalAgent.StartAsync([new EchoAgent()], new LocalAgentOptions { Endpoint = "unix://" + path }, cancellationToken: Ct);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }
            await host.DisposeAsync();
            Assert.False(File.Exists(path));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
        }
    }

    [Fact]
    public async Task A_stale_socket_from_a_crash_is_replaced_but_a_live_one_is_refused()
    {
        var folder = AgenkitHosts.NewSocketFolder();
        var path = Path.Combine(folder, "agent.sock");
        try
        {
            // A socket file nobody listens on, as a crashed process leaves it (.NET unlinks on dispose, so another process binds it).
            Directory.CreateDirectory(folder);
            await using (var crashed = ChildProcess.Start("python3", ["-c", "import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(1)", path]))
            {
                Assert.Equal(0, await crashed.WaitForExitAsync(TimeSpan.FromSeconds(10)));
            }
            Assert.True(File.Exists(path));
            await using var first = await LocalAgent.StartAsync([new EchoAgent()], new LocalAgentOptions { Endpoint = "unix://" + path }, cancellationToken: Ct);
            await using (var remote = new RemoteAgent("echo", first.Endpoint)) Assert.Equal("up", (await remote.ProcessAsync("up", Ct)).ContentText);

            var second = await Assert.ThrowsAsync<IOException>(() => LocalAgent.StartAsync([new EchoAgent()], new LocalAgentOptions { Endpoint = "unix://" + path }, cancellationToken: Ct));
            Assert.Contains("listening", second.Message, StringComparison.Ordinal);
            // The refused second host left the first one's socket alone.
            await using var again = new RemoteAgent("echo", first.Endpoint);
            Assert.Equal("still up", (await again.ProcessAsync("still up", Ct)).ContentText);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
        }
    }

    [Fact]
    public async Task A_regular_file_in_the_way_is_never_deleted()
    {
        var folder = AgenkitHosts.NewSocketFolder();
        var path = Path.Combine(folder, "agent.sock");
        try
        {
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(path, "somebody's data", Ct);
            await Assert.ThrowsAsync<IOException>(() => LocalAgent.StartAsync([new EchoAgent()], new LocalAgentOptions { Endpoint = "unix://" + path }, cancellationToken: Ct));
            Assert.Equal("somebody's data", await File.ReadAllTextAsync(path, Ct));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("http://127.0.0.1:1")]
    [InlineData("tcp://127.0.0.1")]
    public void A_bad_endpoint_fails_at_construction(string endpoint)
    {
        Assert.Throws<ArgumentException>(() => new LocalAgent(new EchoAgent(), new LocalAgentOptions { Endpoint = endpoint }));
    }
}
