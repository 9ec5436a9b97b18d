namespace AgentPlatform.Dashboard.FunctionalTests.Support;

/// <summary>A platform with short heartbeat timeouts and one Chromium, shared by a test class.</summary>
public class PlatformFixture : IAsyncLifetime
{
    public InProcessPlatform Platform { get; private set; } = null!;

    public BrowserHarness Browser { get; private set; } = null!;

    protected virtual IDictionary<string, string?>? RegistrySettings => null;

    public async ValueTask InitializeAsync()
    {
        Platform = await InProcessPlatform.StartAsync(registrySettings: RegistrySettings);
        Browser = await BrowserHarness.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (Browser is not null) await Browser.DisposeAsync();
        if (Platform is not null) await Platform.DisposeAsync();
    }
}
