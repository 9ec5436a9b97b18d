using System.Globalization;

namespace AgentPlatform.ServiceDefaults.FunctionalTests;

/// <summary>The parent-process watchdog the hand-written AppHost relies on; goes with ServiceDefaults/Lifetime.</summary>
public sealed class SupervisorTests
{
    [Fact]
    public async Task A_service_stops_by_itself_when_its_supervisor_is_gone()
    {
        // Our own pid is alive but is not the parent of this process: exactly what a dead AppHost looks like after re-parenting.
        var app = ServiceHost.Build(new Dictionary<string, string?> { ["AGENTPLATFORM_PARENT_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture) });
        await using (app)
        {
            var run = app.RunAsync();
            var done = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
            Assert.Same(run, done);
        }
    }
}
