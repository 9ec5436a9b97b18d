using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using AgentPlatform.Dashboard.Hosting;
using AgentPlatform.Dashboard.Live;
using AgentPlatform.Dashboard.Sse;
using AgentPlatform.Dashboard.State;
using AgentPlatform.Dashboard.Telemetry;

namespace AgentPlatform.Dashboard.Sources;

/// <summary>
/// Follows the Registry's <c>GET /v1/watch</c> stream, resuming from its cursor after a drop, and pushes
/// every change to the browsers.
/// </summary>
public sealed class RegistryWatcher(IHttpClientFactory http, ServiceEndpoints endpoints, AgentStore store, LiveFeed feed,
    DashboardTelemetry telemetry, ILogger<RegistryWatcher> logger) : BackgroundService
{
    private const string Stream = "registry watch";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var baseUrl = endpoints.Resolve("registry");
        if (baseUrl is null)
        {
            Log.NotConfigured(logger, "registry");
            return;
        }
        Log.Watching(logger, "registry", baseUrl);
        var client = http.CreateClient(DashboardHttpClients.Streams);
        var delay = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            var parser = new SseParser();
            try
            {
                await WatchOnceAsync(client, baseUrl, parser, stoppingToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(250);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or SseFormatException or OperationCanceledException)
            {
                telemetry.SourceErrors.Add(1, new KeyValuePair<string, object?>("source", "registry"));
                Log.StreamDropped(logger, Stream, delay, ex);
            }
            SetConnected(false);
            await Task.Delay(parser.Retry is { } r && r > delay ? r : delay, stoppingToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(5000, delay.TotalMilliseconds * 2));
        }
    }

    private async Task WatchOnceAsync(HttpClient client, Uri baseUrl, SseParser parser, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, "v1/watch"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (store.Cursor is { } cursor) request.Headers.Add("Last-Event-ID", cursor.ToString(CultureInfo.InvariantCulture));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        Log.StreamConnected(logger, Stream);
        SetConnected(true);
        await foreach (var evt in SseStreamReader.ReadAsync(body, parser, cancellationToken).ConfigureAwait(false))
        {
            telemetry.SourceEvents.Add(1, new KeyValuePair<string, object?>("source", "registry"));
            Apply(evt);
        }
    }

    private void Apply(SseEvent evt)
    {
        long? cursor = long.TryParse(evt.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : null;
        try
        {
            if (evt.Type == "snapshot")
            {
                var (snapshotCursor, instances) = RegistryPayloads.ParseList(evt.Data);
                store.Replace(instances, cursor ?? snapshotCursor);
                feed.Publish("agents", new { agents = store.Snapshot(), history = store.History() });
                return;
            }
            var change = store.Apply(evt.Type, RegistryPayloads.ParseInstance(evt.Data), cursor);
            if (change is not null) feed.Publish("agent", change);
        }
        catch (JsonException ex)
        {
            // One bad event must not stop the view; the next snapshot or update repairs it.
            Log.MalformedEvent(logger, evt.Type, Stream, ex);
        }
    }

    private void SetConnected(bool connected)
    {
        if (store.Connected == connected) return;
        store.Connected = connected;
        feed.Publish("source", new { source = "registry", connected });
    }
}
