using System.Net.Http.Headers;
using System.Text.Json;
using AgentPlatform.Dashboard.Hosting;
using AgentPlatform.Dashboard.Live;
using AgentPlatform.Dashboard.Sse;
using AgentPlatform.Dashboard.Telemetry;

namespace AgentPlatform.Dashboard.Sources;

/// <summary>
/// Follows one server-sent event stream of a platform service for as long as the dashboard runs: hands each event to
/// the subclass, tells the browsers whether the source is connected, and after a drop reconnects with a delay that
/// doubles from 250 ms to 5 s (or the server's <c>retry</c>, when longer).
/// </summary>
public abstract class SseWatcher(IHttpClientFactory http, LiveFeed feed, DashboardTelemetry telemetry, ILogger logger) : BackgroundService
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestDelay = TimeSpan.FromSeconds(5);

    /// <summary>The service watched ("registry", "relay"): the metric tag, the browser's source name, the log name.</summary>
    protected abstract string Source { get; }

    /// <summary>The stream's name in logs.</summary>
    protected abstract string StreamName { get; }

    /// <summary>Whether the view last heard the stream connected (kept by the subclass's state).</summary>
    protected abstract bool Connected { get; set; }

    /// <summary>The service's base URL; null when it is not configured, and the watcher then does nothing.</summary>
    protected abstract Uri? BaseUrl { get; }

    protected ILogger Logger => logger;

    protected LiveFeed Feed => feed;

    /// <summary>The request that opens the stream (resume headers, keys).</summary>
    protected abstract HttpRequestMessage CreateRequest(Uri baseUrl);

    /// <summary>Runs once the stream is open, before its first event is read (a backfill of what came before).</summary>
    protected virtual Task OnConnectedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Applies one event to the dashboard's state.</summary>
    protected abstract void Apply(SseEvent evt);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (BaseUrl is not { } baseUrl)
        {
            Log.NotConfigured(logger, Source);
            return;
        }
        Log.Watching(logger, Source, baseUrl);
        var client = http.CreateClient(DashboardHttpClients.Streams);
        var delay = FirstDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            var parser = new SseParser();
            try
            {
                await WatchOnceAsync(client, baseUrl, parser, stoppingToken).ConfigureAwait(false);
                delay = FirstDelay;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or SseFormatException or JsonException or OperationCanceledException)
            {
                telemetry.SourceErrors.Add(1, new KeyValuePair<string, object?>("source", Source));
                Log.StreamDropped(logger, StreamName, delay, ex);
            }
            SetConnected(false);
            await Task.Delay(parser.Retry is { } r && r > delay ? r : delay, stoppingToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(LongestDelay.TotalMilliseconds, delay.TotalMilliseconds * 2));
        }
    }

    private async Task WatchOnceAsync(HttpClient client, Uri baseUrl, SseParser parser, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(baseUrl);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        Log.StreamConnected(logger, StreamName);
        SetConnected(true);
        await OnConnectedAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var evt in SseStreamReader.ReadAsync(body, parser, cancellationToken).ConfigureAwait(false))
        {
            telemetry.SourceEvents.Add(1, new KeyValuePair<string, object?>("source", Source));
            Apply(evt);
        }
    }

    private void SetConnected(bool connected)
    {
        if (Connected == connected) return;
        Connected = connected;
        feed.Publish("source", new { source = Source, connected });
    }
}
