namespace AgentPlatform.FunctionsHost.Tests.Support;

/// <summary>One host running the test worker, shared by a test class (a worker start costs a second or two).</summary>
public sealed class TestWorkerHost : IAsyncLifetime
{
    private HostedFunctions? _host;

    public HostedFunctions Host => _host ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync() =>
        _host = await HostedFunctions.StartAsync(HostedFunctions.TestWorkerPath, new Dictionary<string, string?>
        {
            ["ConnectionStrings:probe"] = "probe-connection",
            ["FunctionsHost:AppSettings:Probe:Setting"] = "from-app-settings",
        });

    public async ValueTask DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }
}
