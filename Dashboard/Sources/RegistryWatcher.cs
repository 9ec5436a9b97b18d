using System.Globalization;
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
    DashboardTelemetry telemetry, ILogger<RegistryWatcher> logger) : SseWatcher(http, feed, telemetry, logger)
{
    protected override string Source => "registry";

    protected override string StreamName => "registry watch";

    protected override bool Connected
    {
        get => store.Connected;
        set => store.Connected = value;
    }

    protected override Uri? BaseUrl => endpoints.Resolve("registry");

    protected override HttpRequestMessage CreateRequest(Uri baseUrl)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, "v1/watch"));
        if (store.Cursor is { } cursor) request.Headers.Add("Last-Event-ID", cursor.ToString(CultureInfo.InvariantCulture));
        return request;
    }

    protected override void Apply(SseEvent evt)
    {
        long? cursor = long.TryParse(evt.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : null;
        try
        {
            if (evt.Type == "snapshot")
            {
                var (snapshotCursor, instances) = RegistryPayloads.ParseList(evt.Data);
                store.Replace(instances, cursor ?? snapshotCursor);
                Feed.Publish("agents", new { agents = store.Snapshot(), history = store.History() });
                return;
            }
            var change = store.Apply(evt.Type, RegistryPayloads.ParseInstance(evt.Data), cursor);
            if (change is not null) Feed.Publish("agent", change);
        }
        catch (JsonException ex)
        {
            // One bad event must not stop the view; the next snapshot or update repairs it.
            Log.MalformedEvent(Logger, evt.Type, StreamName, ex);
        }
    }
}
