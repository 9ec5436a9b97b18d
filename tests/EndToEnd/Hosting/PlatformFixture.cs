namespace AgentPlatform.EndToEnd.Hosting;

/// <summary>One composition shared by the tests of the <see cref="SharedPlatform"/> collection, started once and stopped at the end.</summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    private AspirePlatform? _platform;

    public AspirePlatform Platform => _platform ?? throw new InvalidOperationException("The platform is not started.");

    public async ValueTask InitializeAsync() => _platform = await AspirePlatform.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_platform is not null) await _platform.DisposeAsync();
    }
}
