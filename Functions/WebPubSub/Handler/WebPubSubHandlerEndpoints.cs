using System.Diagnostics;
using System.Text.Json;
using AgentPlatform.Functions.Telemetry;
using AgentPlatform.Protocol.WebPubSub;
using AgentPlatform.Protocol.WebPubSub.CloudEvents;
using AgentPlatform.ServiceDefaults.Http;

namespace AgentPlatform.Functions.WebPubSub.Handler;

/// <summary>
/// The upstream endpoint the service calls: <c>OPTIONS</c> answers the abuse-protection handshake, <c>POST</c>
/// validates origin and signature, then dispatches to the hub's typed handler and writes its typed result.
/// </summary>
public static partial class WebPubSubHandlerEndpoints
{
    /// <summary>Where the handler listens; the Relay's default hub configuration points here.</summary>
    public const string Pattern = "/api/webpubsub/hubs/{hub}/{**event}";

    private const int MaxBodyBytes = 1024 * 1024;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task HandleOptionsAsync(HttpContext http, WebPubSubHandlerOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        var origin = http.Request.Headers[WebPubSubEventHeaders.RequestOrigin].ToString();
        if (!options.IsAllowedOrigin(origin))
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.Response.WriteAsync("origin not allowed", http.RequestAborted).ConfigureAwait(false);
            return;
        }
        http.Response.Headers[WebPubSubEventHeaders.AllowedOrigin] = origin;
        http.Response.StatusCode = StatusCodes.Status200OK;
    }

    public static async Task HandlePostAsync(HttpContext http, WebPubSubHandlerOptions options, WebPubSubHubRegistry hubs, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(hubs);
        var logger = loggers.CreateLogger("AgentPlatform.Functions.WebPubSub");
        var headers = http.Request.Headers;
        if (!WebPubSubEventContext.TryRead(name => headers.TryGetValue(name, out var v) ? v.ToString() : null, out var context, out var error))
        {
            await FailAsync(http, StatusCodes.Status400BadRequest, error).ConfigureAwait(false);
            return;
        }
        if (!WebPubSubRequestValidator.IsValid(context, options, out error))
        {
            Log.Refused(logger, context.Hub, error);
            await FailAsync(http, StatusCodes.Status401Unauthorized, error).ConfigureAwait(false);
            return;
        }
        if (!hubs.TryGet(context.Hub, out var hub))
        {
            await FailAsync(http, StatusCodes.Status404NotFound, "no handler for this hub").ConfigureAwait(false);
            return;
        }
        var body = await http.Request.ReadCappedAsync(MaxBodyBytes, http.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            await FailAsync(http, StatusCodes.Status413PayloadTooLarge, "the event body exceeds 1 MB").ConfigureAwait(false);
            return;
        }
        var ct = http.RequestAborted;
        using var activity = FunctionsTelemetry.ActivitySource.StartActivity("webpubsub " + context.Type, ActivityKind.Server);
        activity?.SetTag("webpubsub.hub", context.Hub);
        activity?.SetTag("webpubsub.event", context.EventName);
        WebPubSubEventResult result;
        try
        {
            switch (context.Kind)
            {
                case WebPubSubEventKind.Connect:
                    var connect = JsonSerializer.Deserialize<ConnectEventRequest>(body, Json) ?? new ConnectEventRequest();
                    result = await hub.OnConnectAsync(new ConnectEvent(context, connect), ct).ConfigureAwait(false);
                    break;
                case WebPubSubEventKind.Connected:
                    await hub.OnConnectedAsync(new ConnectedEvent(context), ct).ConfigureAwait(false);
                    result = WebPubSubEventResult.NoContent;
                    break;
                case WebPubSubEventKind.Disconnected:
                    var reason = body.Length == 0 ? null : JsonSerializer.Deserialize<DisconnectedEventRequest>(body, Json)?.Reason;
                    await hub.OnDisconnectedAsync(new DisconnectedEvent(context, reason), ct).ConfigureAwait(false);
                    result = WebPubSubEventResult.NoContent;
                    break;
                default:
                    if (!WebPubSubPayload.TryFromContentType(http.Request.ContentType, out var type))
                    {
                        await FailAsync(http, StatusCodes.Status415UnsupportedMediaType, "unsupported Content-Type").ConfigureAwait(false);
                        return;
                    }
                    result = await hub.OnMessageReceivedAsync(new UserEvent(context, new WebPubSubPayload(type, body)), ct).ConfigureAwait(false);
                    break;
            }
        }
        catch (JsonException ex)
        {
            await FailAsync(http, StatusCodes.Status400BadRequest, "malformed event body: " + ex.Message).ConfigureAwait(false);
            return;
        }
        await WriteAsync(http, result).ConfigureAwait(false);
    }

    private static async Task WriteAsync(HttpContext http, WebPubSubEventResult result)
    {
        if (result.State is { } state)
        {
            http.Response.Headers[WebPubSubEventHeaders.ConnectionState] = WebPubSubConnectionState.Encode(state);
        }
        http.Response.StatusCode = result.Status;
        if (result.Status is < 200 or >= 300)
        {
            await http.Response.WriteAsync(result.ErrorMessage ?? "", http.RequestAborted).ConfigureAwait(false);
            return;
        }
        if (result.Connect is { } connect)
        {
            http.Response.StatusCode = 200;
            await http.Response.WriteAsJsonAsync(connect, Json, http.RequestAborted).ConfigureAwait(false);
            return;
        }
        if (result.Body is { } payload)
        {
            http.Response.StatusCode = 200;
            http.Response.ContentType = payload.ContentType;
            await http.Response.Body.WriteAsync(payload.Bytes, http.RequestAborted).ConfigureAwait(false);
        }
    }

    private static async Task FailAsync(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        await http.Response.WriteAsync(message, http.RequestAborted).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6201, Level = LogLevel.Warning, Message = "Web PubSub event for hub {Hub} refused: {Reason}")]
        public static partial void Refused(ILogger logger, string hub, string reason);
    }
}
