namespace AgentPlatform.FunctionsHost.Tests.Support;

/// <summary>
/// One FunctionsHost running the real Functions worker (the product), with a SQLite context store under its own temp
/// folder, the llm agent pointed at a <see cref="PacedChatServer"/>, and the Web PubSub handler configured.
/// </summary>
public sealed class FunctionsWorkerHost : IAsyncLifetime
{
    public const string WebPubSubKey = "test-access-key-0123456789";
    public const string WebPubSubOrigin = "127.0.0.1:9";

    private HostedFunctions? _host;

    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "fh-worker-" + Guid.NewGuid().ToString("N")[..8]);

    public PacedChatServer Chat { get; private set; } = null!;

    public HostedFunctions Host => _host ?? throw new InvalidOperationException("not started");

    public static Dictionary<string, string?> Settings(string dataDir, string chatUrl) => new()
    {
        ["AgentPlatform:DataDir"] = dataDir,
        ["Functions:Registration:Enabled"] = "false",
        ["Agents:Llm:Endpoint"] = chatUrl + "/v1",
        ["Agents:Llm:Model"] = "paced",
        ["ConnectionStrings:webpubsub"] = $"Endpoint=http://{WebPubSubOrigin};AccessKey={WebPubSubKey};Version=1.0;",
    };

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(DataDir);
        Chat = await PacedChatServer.StartAsync();
        _host = await HostedFunctions.StartAsync(HostedFunctions.FunctionsWorkerPath, Settings(DataDir, Chat.Url));
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        await Chat.DisposeAsync();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
