using AgentPlatform.TestSupport;
using StackExchange.Redis;

namespace AgentPlatform.Functions.FunctionalTests.Contexts;

/// <summary>One real redis-server per test class that needs it, stopped by its process id.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private RedisServer? _server;
    private ConnectionMultiplexer? _connection;

    public RedisServer Server => _server ?? throw new InvalidOperationException("not started");

    public ConnectionMultiplexer Connection => _connection ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        _connection = await ConnectionMultiplexer.ConnectAsync(_server.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.CloseAsync();
        _connection?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
    }
}
