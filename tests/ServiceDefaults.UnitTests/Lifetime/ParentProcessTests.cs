using System.Globalization;
using AgentPlatform.ServiceDefaults.Lifetime;

namespace AgentPlatform.ServiceDefaults.UnitTests.Lifetime;

/// <summary>ParentProcess.IsGone against this test process's real parent, read from /proc/self/status (not the /proc/self/stat it parses).</summary>
public sealed class ParentProcessTests
{
    [Fact]
    public void The_process_that_started_us_is_not_gone()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "the parent id is read from /proc");
        var line = File.ReadLines("/proc/self/status").Single(l => l.StartsWith("PPid:", StringComparison.Ordinal));
        var parent = int.Parse(line["PPid:".Length..].Trim(), CultureInfo.InvariantCulture);
        Assert.False(ParentProcess.IsGone(parent));
    }

    [Fact]
    public void A_live_process_that_is_not_our_parent_counts_as_gone()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "elsewhere only the pid itself is checked");
        Assert.True(ParentProcess.IsGone(Environment.ProcessId));
    }

    [Fact]
    public void A_pid_nobody_has_is_gone() => Assert.True(ParentProcess.IsGone(int.MaxValue));
}
