using System.Net.Http.Headers;
using System.Text.Json;
using AgentPlatform.Dashboard.Hosting;
using AgentPlatform.Dashboard.Live;
using AgentPlatform.Dashboard.Sse;
using AgentPlatform.Dashboard.State;
using AgentPlatform.Dashboard.Telemetry;

namespace AgentPlatform.Dashboard.Sources;

/// <summary>
/// Follows the Relay's <c>/admin/events</c> stream: invocations go to the live list and the latency
/// series, connection events tell open connection views to refresh their page.
/// </summary>
public sealed class RelayEventsWatcher(IHttpClientFactory http, RelayAdminClient relay, RelayState state, InvocationLog log,
    LiveFeed feed, DashboardTelemetry telemetry, ILogger<RelayEventsWatcher> logger) : BackgroundService
{
    private const string Stream = "relay events";

    /// <summary>Connection events only tell open views to refresh: one per this many ms is plenty.</summary>
    private const long ConnectionNoticeMs = 250;
    private long _lastConnectionNotice = long.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (relay.BaseUrl is not { } baseUrl) return;
        Log.Watching(logger, "relay", baseUrl);
        var client = http.CreateClient(DashboardHttpClients.Streams);
        var delay = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await WatchOnceAsync(client, stoppingToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(250);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or SseFormatException or JsonException or OperationCanceledException)
            {
                telemetry.SourceErrors.Add(1, new KeyValuePair<string, object?>("source", "relay"));
                Log.StreamDropped(logger, Stream, delay, ex);
            }
            SetConnected(false);
            await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(5000, delay.TotalMilliseconds * 2));
        }
    }

    private async Task WatchOnceAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var request = relay.CreateRequest("admin/events")!;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        Log.StreamConnected(logger, Stream);
        SetConnected(true);
        // Subscribed first, then the backfill: an invocation finishing in between is merged by id either way.
        await BackfillAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var evt in SseStreamReader.ReadAsync(body, new SseParser(), cancellationToken).ConfigureAwait(false))
        {
            telemetry.SourceEvents.Add(1, new KeyValuePair<string, object?>("source", "relay"));
            Apply(evt);
        }
    }

    private async Task BackfillAsync(CancellationToken cancellationToken)
    {
        using var response = await relay.GetAsync("admin/invocations?offset=0&limit=200", cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) return;
        var page = RelayPayloads.ParseInvocationPage(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        // Oldest first so the newest ends up on top of the list.
        foreach (var record in page.Reverse())
        {
            if (log.Upsert(record, live: false) is { } merged) feed.Publish("invocation", merged);
        }
    }

    private void Apply(SseEvent evt)
    {
        try
        {
            switch (evt.Type)
            {
                case "invocation.started":
                case "invocation.completed":
                    if (log.Upsert(RelayPayloads.ParseInvocation(evt.Data), live: true) is { } merged) feed.Publish("invocation", merged);
                    break;
                case "connection.opened":
                case "connection.closed":
                    // 10,000 clients reconnecting must not become 10,000 browser events; the views poll too.
                    var now = Environment.TickCount64;
                    if (now - _lastConnectionNotice < ConnectionNoticeMs) break;
                    _lastConnectionNotice = now;
                    using (var doc = JsonDocument.Parse(evt.Data))
                    {
                        feed.Publish("connection", new { kind = evt.Type["connection.".Length..], connection = doc.RootElement.Clone() });
                    }
                    break;
                default:
                    break; // event kinds added later are ignored, not fatal
            }
        }
        catch (JsonException ex)
        {
            Log.MalformedEvent(logger, evt.Type, Stream, ex);
        }
    }

    private void SetConnected(bool connected)
    {
        if (state.EventsConnected == connected) return;
        state.EventsConnected = connected;
        feed.Publish("source", new { source = "relay", connected });
    }
}
