using System.Globalization;
using AgentPlatform.ServiceDefaults.Lifetime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.ServiceDefaults.UnitTests.Lifetime;

/// <summary>The parent-process watchdog the hand-written AppHost relies on; goes with ServiceDefaults/Lifetime.</summary>
public sealed class SupervisorTests
{
    [Fact]
    public async Task A_service_stops_by_itself_when_its_supervisor_is_gone()
    {
        // A plain host with the defaults: the watchdog is a hosted service and needs no server, so nothing listens.
        // Our own pid is alive but is not the parent of this process: exactly what a dead AppHost looks like after re-parenting.
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [ParentProcess.EnvironmentVariable] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
        });
        builder.AddServiceDefaults();
        using var host = builder.Build();
        var run = host.RunAsync(TestContext.Current.CancellationToken);
        var done = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Assert.Same(run, done);
    }
}
