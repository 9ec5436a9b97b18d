using System.Diagnostics;
using AgentPlatform.ServiceDefaults.Lifetime;

namespace AgentPlatform.AppHost.Tests.Running;

public sealed class ParentProcessTests
{
    [Fact]
    public void Our_own_parent_is_alive()
    {
        if (!OperatingSystem.IsLinux()) return;
        var stat = File.ReadAllText("/proc/self/stat");
        var ppid = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(ParentProcess.IsGone(ppid));
    }

    [Fact]
    public async Task A_process_that_is_not_our_parent_or_has_exited_counts_as_gone()
    {
        using var other = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await other.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(ParentProcess.IsGone(other.Id));
        // Alive but not our parent (we are): the supervisor contract is about the parent.
        Assert.True(ParentProcess.IsGone(Environment.ProcessId));
    }
}
