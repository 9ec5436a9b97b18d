using AgentPlatform.AgentHost.Provider;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Reliability.Load;

/// <summary>
/// The steady load a fault is injected under: asp-v1 clients in reliable sessions having conversations (relay mode,
/// Functions) and calling a direct-mode provider's agent, spread over the Relay replicas, plus a Web PubSub sender and
/// receiver of acknowledged group messages. Start it, inject the fault, ask <see cref="Recorder"/>, stop it.
/// </summary>
public sealed class PlatformLoad : IAsyncDisposable
{
    public const string DirectAgent = "reliability-direct";
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(40);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _running = [];
    private AgentProvider? _provider;
    private bool _stopped;

    private PlatformLoad(LoadRecorder recorder) => Recorder = recorder;

    public LoadRecorder Recorder { get; }

    public IReadOnlyList<AspLoadClient> Clients { get; private set; } = [];

    public WpsGroupLoad? Wps { get; private set; }

    /// <summary>
    /// Starts <paramref name="conversations"/> conversation clients and <paramref name="direct"/> direct-mode clients,
    /// round-robin over <paramref name="clientRelays"/>, named <c>asp-conv-{relay index}-{i}</c> / <c>asp-direct-…</c>
    /// so a scenario can single out one replica's clients; the provider and the Web PubSub pair as given.
    /// </summary>
    public static async Task<PlatformLoad> StartAsync(PlatformEndpoints endpoints, IReadOnlyList<Uri> clientRelays, Uri providerRelay,
        Uri wpsSender, Uri wpsReceiver, int conversations, int direct, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(clientRelays);
        var load = new PlatformLoad(new LoadRecorder());
        load._provider = await AgentProvider.ConnectAsync(AgentSocketUrl(providerRelay), [new LoadEchoAgent(DirectAgent)],
            new AgentProviderOptions { Token = endpoints.AgentSocketToken }, cancellationToken).ConfigureAwait(false);
        // The provider's agent reaches the Registry through the Relay; wait until a call succeeds before loading it.
        await WaitCallableAsync(endpoints, AgentSocketUrl(clientRelays[^1]), cancellationToken).ConfigureAwait(false);
        List<AspLoadClient> clients = [];
        for (var i = 0; i < conversations + direct; i++)
        {
            var relayIndex = i % clientRelays.Count;
            var kind = i < conversations ? "conv" : "direct";
            clients.Add(new AspLoadClient($"asp-{kind}-{relayIndex + 1}-{i}", AgentSocketUrl(clientRelays[relayIndex]), endpoints.AgentSocketToken,
                kind == "conv" ? "conversation" : DirectAgent, load.Recorder));
        }
        load.Clients = clients;
        foreach (var c in clients) load._running.Add(Task.Run(() => c.RunAsync(Pause, load._stop.Token), CancellationToken.None));
        load.Wps = new WpsGroupLoad(wpsSender, wpsReceiver, endpoints.WebPubSubAccessKey, load.Recorder);
        load._running.Add(Task.Run(() => load.Wps.RunAsync(Pause, load._stop.Token), CancellationToken.None));
        return load;
    }

    /// <summary>The agent-socket URL of a relay base URL.</summary>
    public static Uri AgentSocketUrl(Uri relay)
    {
        ArgumentNullException.ThrowIfNull(relay);
        return new UriBuilder(relay) { Scheme = "ws", Path = "/v1/agent-socket" }.Uri;
    }

    /// <summary>Stops every client (idempotent) and waits for them.</summary>
    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_running).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
    }

    /// <summary>One line of figures for the report.</summary>
    public string Summary() =>
        $"{Recorder.Successes} calls ok, {Recorder.Failures} failed; {Clients.Sum(c => c.TotalReconnects)} reconnects, {Clients.Sum(c => c.SessionsLost)} sessions restarted; " +
        $"Web PubSub {Wps?.Sent ?? 0} sent, {Wps?.Acked ?? 0} acked, {Wps?.Lost() ?? 0} lost, {Wps?.Duplicates ?? 0} duplicated";

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        finally
        {
            if (_provider is not null) await _provider.DisposeAsync().ConfigureAwait(false);
            _stop.Dispose();
        }
    }

    private static async Task WaitCallableAsync(PlatformEndpoints endpoints, Uri url, CancellationToken cancellationToken)
    {
        await using var client = await Client.AgentSocket.AgentSocketClient.ConnectAsync(url,
            new Client.AgentSocket.AgentSocketClientOptions { Token = endpoints.AgentSocketToken }, cancellationToken).ConfigureAwait(false);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                await client.InvokeAllAsync(DirectAgent, "ready?", cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Client.AgentSocket.AgentSocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
