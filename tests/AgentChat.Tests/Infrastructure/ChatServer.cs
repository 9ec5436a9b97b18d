using AgentPlatform.AgentChat.Serving;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;

namespace AgentPlatform.AgentChat.Tests.Infrastructure;

/// <summary>`agentchat serve`'s host, in process, on a free loopback port; restartable on the same port.</summary>
public sealed class ChatServer : IAsyncDisposable
{
    private WebApplication? _app;

    private ChatServer(ServeSettings settings) => Settings = settings;

    public ServeSettings Settings { get; }

    public string Url => ServeHost.Url(Settings);

    public Uri Uri => new(Url);

    /// <summary>Development (the seed identity policy) unless a policy is given; a generous rate limit unless one is given.</summary>
    public static async Task<ChatServer> StartAsync(string? policy = null, int? rateBurst = 100_000, double? ratePerSecond = 100_000)
    {
        var server = new ChatServer(new ServeSettings
        {
            Port = FreePort.Next(),
            Host = "127.0.0.1",
            Environment = "Development",
            IdentityPolicy = policy,
            RateBurst = rateBurst,
            RatePerSecond = ratePerSecond,
            LogLevel = Microsoft.Extensions.Logging.LogLevel.Warning, // the test log stays readable
        });
        await server.StartAsync();
        return server;
    }

    public async Task StartAsync()
    {
        _app = ServeHost.Build(Settings);
        await _app.StartAsync();
    }

    public async Task StopAsync()
    {
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
