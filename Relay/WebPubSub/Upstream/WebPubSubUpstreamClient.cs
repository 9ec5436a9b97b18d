using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AgentPlatform.Protocol.WebPubSub;
using AgentPlatform.Protocol.WebPubSub.CloudEvents;
using AgentPlatform.Relay.Diagnostics;
using AgentPlatform.Relay.WebPubSub.Options;

namespace AgentPlatform.Relay.WebPubSub.Upstream;

/// <summary>
/// Calls hub event handlers with Web PubSub's CloudEvents HTTP binding (binary mode): every ce-* header,
/// ce-signature per access key, WebHook-Request-Origin, after the abuse-protection handshake passed.
/// connect and user events are blocking; connected and disconnected are fire-and-forget.
/// </summary>
public sealed partial class WebPubSubUpstreamClient(IHttpClientFactory httpClients, WebPubSubOptions options,
    AbuseProtectionValidator abuseProtection, ILogger<WebPubSubUpstreamClient> logger)
{
    /// <summary>The named HttpClient the upstream calls use.</summary>
    public const string HttpClientName = "webpubsub-upstream";

    private const int MaxErrorText = 512;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>True when some handler of the hub subscribes to the system event (connect, connected, disconnected).</summary>
    public bool Subscribes(string hub, string systemEvent) => options.HandlersOf(hub).Any(h => h.MatchesSystemEvent(systemEvent));

    /// <summary>The blocking connect event.</summary>
    public async Task<UpstreamOutcome> ConnectAsync(WebPubSubEventContext context, ConnectEventRequest body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var handler = options.HandlersOf(context.Hub).FirstOrDefault(h => h.MatchesSystemEvent("connect"));
        if (handler is null) return UpstreamOutcome.NotHandled;
        var content = JsonSerializer.SerializeToUtf8Bytes(body, Json);
        var outcome = await SendAsync(handler, context, content, WebPubSubPayload.JsonContentType, cancellationToken).ConfigureAwait(false);
        if (outcome.Status == 200 && outcome.Payload is { } p && p.Bytes.Length > 0)
        {
            try
            {
                return outcome with { Connect = JsonSerializer.Deserialize<ConnectEventResponse>(p.Bytes.Span, Json), Payload = null };
            }
            catch (JsonException)
            {
                return outcome with { Status = 500, Error = "the connect handler answered with a body that is not a connect response", Payload = null };
            }
        }
        return outcome with { Payload = null };
    }

    /// <summary>A blocking user event; a 200 body comes back as <see cref="UpstreamOutcome.Payload"/>.</summary>
    public async Task<UpstreamOutcome> UserEventAsync(WebPubSubEventContext context, WebPubSubPayload payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var handler = options.HandlersOf(context.Hub).FirstOrDefault(h => h.MatchesUserEvent(context.EventName));
        if (handler is null) return UpstreamOutcome.NotHandled;
        return await SendAsync(handler, context, payload.Bytes, payload.ContentType, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>connected / disconnected: not blocking, the status is only logged.</summary>
    public async Task NotifyAsync(WebPubSubEventContext context, object body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var handler = options.HandlersOf(context.Hub).FirstOrDefault(h => h.MatchesSystemEvent(context.EventName));
        if (handler is null) return;
        var content = JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), Json);
        var outcome = await SendAsync(handler, context, content, WebPubSubPayload.JsonContentType, cancellationToken).ConfigureAwait(false);
        if (!outcome.Succeeded) LogHandlerFailed(logger, context.Hub, context.EventName, outcome.Status);
    }

    private async Task<UpstreamOutcome> SendAsync(EventHandlerOptions handler, WebPubSubEventContext context, ReadOnlyMemory<byte> body,
        string contentType, CancellationToken cancellationToken)
    {
        var url = handler.UrlFor(context.Hub, context.EventName);
        using var activity = RelayTelemetry.Source.StartActivity("webpubsub " + context.Type, ActivityKind.Client);
        activity?.SetTag("webpubsub.hub", context.Hub);
        activity?.SetTag("webpubsub.event", context.EventName);
        var started = Stopwatch.GetTimestamp();
        if (!await abuseProtection.IsAllowedAsync(url, cancellationToken).ConfigureAwait(false))
        {
            return new UpstreamOutcome(0, true, Error: "the event handler did not pass abuse protection");
        }
        var signed = context with
        {
            Signature = WebPubSubSignature.Create(context.ConnectionId, options.AccessKeys),
            Origin = abuseProtection.Origin,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        foreach (var (name, value) in signed.ToHeaders()) request.Headers.TryAddWithoutValidation(name, value);
        request.Content = new ReadOnlyMemoryContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.UpstreamTimeout);
        try
        {
            var client = httpClients.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var state = response.Headers.TryGetValues(WebPubSubEventHeaders.ConnectionState, out var states) ? states.FirstOrDefault() : null;
            var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            activity?.SetTag("http.response.status_code", status);
            var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogCalled(logger, context.Hub, context.EventName, status, elapsedMs);
            if (status is < 200 or >= 300)
            {
                var text = Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, MaxErrorText));
                return new UpstreamOutcome(status, true, ConnectionState: state, Error: text);
            }
            if (status == 204 || bytes.Length == 0) return new UpstreamOutcome(status, true, ConnectionState: state);
            var type = WebPubSubPayload.TryFromContentType(response.Content.Headers.ContentType?.ToString(), out var t) ? t : WebPubSubDataType.Binary;
            return new UpstreamOutcome(status, true, new WebPubSubPayload(type, bytes), ConnectionState: state);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            if (cancellationToken.IsCancellationRequested) throw;
            LogUnreachable(logger, context.Hub, context.EventName, ex.GetType().Name);
            return new UpstreamOutcome(0, true, Error: "the event handler could not be reached");
        }
    }

    [LoggerMessage(EventId = 6110, Level = LogLevel.Debug, Message = "Web PubSub upstream {Hub}/{EventName} answered {Status} in {ElapsedMs:0.0} ms")]
    private static partial void LogCalled(ILogger logger, string hub, string eventName, int status, double elapsedMs);

    [LoggerMessage(EventId = 6111, Level = LogLevel.Warning, Message = "Web PubSub upstream {Hub}/{EventName} failed: {Error}")]
    private static partial void LogUnreachable(ILogger logger, string hub, string eventName, string error);

    [LoggerMessage(EventId = 6112, Level = LogLevel.Information, Message = "Web PubSub handler for {Hub}/{EventName} answered {Status}")]
    private static partial void LogHandlerFailed(ILogger logger, string hub, string eventName, int status);
}
