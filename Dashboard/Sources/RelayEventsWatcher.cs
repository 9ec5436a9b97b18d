using System.Text.Json;
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
    LiveFeed feed, DashboardTelemetry telemetry, ILogger<RelayEventsWatcher> logger) : SseWatcher(http, feed, telemetry, logger)
{
    /// <summary>Connection events only tell open views to refresh: one per this many ms is plenty.</summary>
    private const long ConnectionNoticeMs = 250;
    private long _lastConnectionNotice = long.MinValue;

    protected override string Source => "relay";

    protected override string StreamName => "relay events";

    protected override bool Connected
    {
        get => state.EventsConnected;
        set => state.EventsConnected = value;
    }

    protected override Uri? BaseUrl => relay.BaseUrl;

    protected override HttpRequestMessage CreateRequest(Uri baseUrl) =>
        relay.CreateRequest("admin/events") ?? throw new InvalidOperationException("The Relay is not configured (services:relay:http:0).");

    // Subscribed first, then the backfill: an invocation finishing in between is merged by id either way.
    protected override async Task OnConnectedAsync(CancellationToken cancellationToken)
    {
        using var response = await relay.GetAsync("admin/invocations?offset=0&limit=200", cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) return;
        var page = RelayPayloads.ParseInvocationPage(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        // Oldest first so the newest ends up on top of the list.
        foreach (var record in page.Reverse())
        {
            if (log.Upsert(record, live: false) is { } merged) Feed.Publish("invocation", merged);
        }
    }

    protected override void Apply(SseEvent evt)
    {
        try
        {
            switch (evt.Type)
            {
                case "invocation.started":
                case "invocation.completed":
                    if (log.Upsert(RelayPayloads.ParseInvocation(evt.Data), live: true) is { } merged) Feed.Publish("invocation", merged);
                    break;
                case "connection.opened":
                case "connection.closed":
                    // 10,000 clients reconnecting must not become 10,000 browser events; the views poll too.
                    var now = Environment.TickCount64;
                    if (now - _lastConnectionNotice < ConnectionNoticeMs) break;
                    _lastConnectionNotice = now;
                    using (var doc = JsonDocument.Parse(evt.Data))
                    {
                        Feed.Publish("connection", new { kind = evt.Type["connection.".Length..], connection = doc.RootElement.Clone() });
                    }
                    break;
                default:
                    break; // event kinds added later are ignored, not fatal
            }
        }
        catch (JsonException ex)
        {
            Log.MalformedEvent(Logger, evt.Type, StreamName, ex);
        }
    }
}
