using System.Net.ServerSentEvents;
using System.Text.Json;
using AgentPlatform.Protocol.Registry;

namespace AgentPlatform.Relay.Routing;

/// <summary>
/// Keeps the <see cref="AgentDirectory"/> current from the Registry's watch stream (registry.md "Watch stream"):
/// a snapshot replaces the view, added/updated/stale upsert, removed deletes; on a drop it reconnects with its
/// cursor so it misses nothing. Invocations never call the Registry.
/// </summary>
public sealed partial class RegistryWatcher(
    IHttpClientFactory http, AgentDirectory directory, RelayOptions options, ILogger<RegistryWatcher> logger) : BackgroundService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private long? _cursor;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.RegistryUrl is null)
        {
            LogNoRegistry(logger);
            directory.MarkReady();
            return;
        }
        var delay = TimeSpan.FromMilliseconds(200);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await WatchOnceAsync(options.RegistryUrl, stoppingToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(200);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or JsonException or OperationCanceledException)
            {
                LogWatchFailed(logger, ex.GetType().Name);
            }
            await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
        }
    }

    private async Task WatchOnceAsync(Uri registry, CancellationToken cancellationToken)
    {
        using var client = http.CreateClient("registry-watch");
        client.Timeout = Timeout.InfiniteTimeSpan;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(registry, "/v1/watch"));
        if (_cursor is { } c) request.Headers.TryAddWithoutValidation("Last-Event-ID", c.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        LogWatching(logger, registry);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            Apply(item.EventType, item.Data);
            if (long.TryParse(item.EventId, System.Globalization.CultureInfo.InvariantCulture, out var id)) _cursor = id;
        }
    }

    private void Apply(string type, string data)
    {
        switch (type)
        {
            case WatchEventTypes.Snapshot:
                var snapshot = JsonSerializer.Deserialize<WatchSnapshot>(data, Json);
                if (snapshot is null) return;
                directory.Replace(snapshot.Agents.SelectMany(a => a.Instances));
                _cursor = snapshot.Cursor;
                break;
            case WatchEventTypes.Added or WatchEventTypes.Updated or WatchEventTypes.Stale:
                if (JsonSerializer.Deserialize<AgentInstance>(data, Json) is { } upsert) directory.Upsert(upsert);
                break;
            case WatchEventTypes.Removed:
                if (JsonSerializer.Deserialize<AgentInstance>(data, Json) is { } removed) directory.Remove(removed.Name, removed.InstanceId);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No registry configured (services:registry:http:0); routing uses connected providers only")]
    private static partial void LogNoRegistry(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching the registry at {Registry}")]
    private static partial void LogWatching(ILogger logger, Uri registry);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registry watch dropped ({Error}); reconnecting from the last cursor")]
    private static partial void LogWatchFailed(ILogger logger, string error);
}
