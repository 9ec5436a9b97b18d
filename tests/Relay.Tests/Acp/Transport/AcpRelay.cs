using System.Globalization;
using System.Net.Http.Headers;
using AgentPlatform.Relay.Acp.Agents;
using AgentPlatform.Relay.Tests.Infrastructure;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Relay.Tests.Acp.Transport;

/// <summary>A Relay in process on a real port with <see cref="TestAcpAgentProvider"/> as its only ACP agent provider (no Registry).</summary>
public sealed class AcpRelay : IAsyncDisposable
{
    public const string Token = "acp-socket-key-for-tests";
    public const string AdminKey = "acp-admin-key-for-tests";

    private AcpRelay(WebApplication app, Uri url, TestAcpAgentProvider agents)
    {
        App = app;
        Url = url;
        Agents = agents;
    }

    public WebApplication App { get; }

    public Uri Url { get; }

    public TestAcpAgentProvider Agents { get; }

    /// <summary>The agent <c>/acp</c> reaches (Acp:DefaultAgent = "test").</summary>
    public TestAcpAgent Default => Agents["test"];

    public Uri WebSocketUrl(string path = "/acp") => new UriBuilder(Url) { Scheme = "ws", Path = path }.Uri;

    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public static async Task<AcpRelay> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var agents = new TestAcpAgentProvider();
        var url = new Uri($"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}");
        var config = new Dictionary<string, string?>
        {
            ["AgentPlatform:Keys:AgentSocket"] = Token,
            ["AgentPlatform:Keys:Admin"] = AdminKey,
            ["Acp:DefaultAgent"] = "test",
        };
        foreach (var (k, v) in settings ?? []) config[k] = v;
        var app = RelayApplication.Build(["--environment=Development"], b =>
        {
            b.WebHost.UseUrls(url.ToString());
            b.Logging.ClearProviders();
            b.Logging.SetMinimumLevel(LogLevel.Warning);
            b.Configuration.AddInMemoryCollection(config);
            b.Services.AddSingleton<IAcpAgentProvider>(agents);
        });
        try
        {
            await app.StartAsync();
        }
        catch
        {
            // A start refused by validation still built a host: release it.
            await app.DisposeAsync();
            throw;
        }
        return new AcpRelay(app, url, agents);
    }

    public Task<AcpWsClient> ConnectAsync(string path = "/acp", TokenVia via = TokenVia.Header, string token = Token) =>
        AcpWsClient.ConnectAsync(WebSocketUrl(path), token, via);

    /// <summary>An HttpClient on the Relay with the token (or <paramref name="token"/>) as a Bearer header.</summary>
    public HttpClient Http(string? token = Token)
    {
        var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(20) };
        if (token is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
