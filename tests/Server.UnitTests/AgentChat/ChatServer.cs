using AgentPlatform.Server.AgentChat;
using AgentPlatform.Server.AgentChat.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Server.UnitTests.AgentChat;

/// <summary>The engine hosted the way every host does it (AddAgentChatServer + MapAgentChat) on Kestrel, 127.0.0.1, a free port.</summary>
internal sealed class ChatServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ChatServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public AgentChatEngine Engine => _app.Services.GetRequiredService<AgentChatEngine>();

    public static async Task<ChatServer> StartAsync(Dictionary<string, string?>? settings = null, string environment = "Development",
        Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var values = new Dictionary<string, string?> { ["AgentChat:ServerName"] = "test-server" };
        foreach (var (k, v) in settings ?? []) values[k] = v;
        builder.Configuration.AddInMemoryCollection(values);
        builder.Services.AddAgentChatServer(builder.Configuration.GetSection("AgentChat"));
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapAgentChat("/agentchat");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ChatServer(app, new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal) + "/agentchat"));
    }

    public Task<ChatClient> ConnectAsync() => ChatClient.ConnectAsync(Url);

    /// <summary>Connects and identifies (ephemeral, or with <paramref name="key"/> under the seed policy).</summary>
    public async Task<ChatClient> IdentifiedAsync(string name = "tester", TestKey? key = null)
    {
        var client = await ConnectAsync();
        await client.IdentifyAsync(name, key);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
