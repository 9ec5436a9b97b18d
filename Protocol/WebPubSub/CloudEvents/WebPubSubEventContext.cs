using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace AgentPlatform.Protocol.WebPubSub.CloudEvents;

/// <summary>
/// The ce-* attributes of one upstream event. <see cref="ToHeaders"/> gives the exact header set the service
/// sends; <see cref="TryRead"/> reads them back on the handler side (header names are case-insensitive).
/// </summary>
public sealed record WebPubSubEventContext
{
    public required WebPubSubEventKind Kind { get; init; }

    /// <summary><c>connect</c>, <c>connected</c>, <c>disconnected</c>, or the user event name.</summary>
    public required string EventName { get; init; }

    public required string Hub { get; init; }

    public required string ConnectionId { get; init; }

    public string? UserId { get; init; }

    public string? Subprotocol { get; init; }

    /// <summary>Base64 of a JSON object, as both official SDKs encode connection state.</summary>
    public string? ConnectionState { get; init; }

    /// <summary><c>sha256=&lt;hex&gt;</c> per key, comma-separated.</summary>
    public string? Signature { get; init; }

    /// <summary>The host name of the service (no port), sent as WebHook-Request-Origin.</summary>
    public string? Origin { get; init; }

    public string Id { get; init; } = Guid.NewGuid().ToString("N");

    public DateTimeOffset Time { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The ce-type value.</summary>
    public string Type => Kind switch
    {
        WebPubSubEventKind.Connect => WebPubSubEventHeaders.SystemTypePrefix + "connect",
        WebPubSubEventKind.Connected => WebPubSubEventHeaders.SystemTypePrefix + "connected",
        WebPubSubEventKind.Disconnected => WebPubSubEventHeaders.SystemTypePrefix + "disconnected",
        _ => WebPubSubEventHeaders.UserTypePrefix + EventName,
    };

    /// <summary>Headers in a fixed order, without Content-Type (which follows the body).</summary>
    public IEnumerable<KeyValuePair<string, string>> ToHeaders()
    {
        yield return new(WebPubSubEventHeaders.SpecVersion, "1.0");
        yield return new(WebPubSubEventHeaders.AwpsVersion, "1.0");
        yield return new(WebPubSubEventHeaders.Type, Type);
        yield return new(WebPubSubEventHeaders.Source, "/hubs/" + Hub + "/client/" + ConnectionId);
        yield return new(WebPubSubEventHeaders.Id, Id);
        yield return new(WebPubSubEventHeaders.Time, Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
        yield return new(WebPubSubEventHeaders.Hub, Hub);
        yield return new(WebPubSubEventHeaders.ConnectionId, ConnectionId);
        yield return new(WebPubSubEventHeaders.EventName, EventName);
        if (UserId is not null) yield return new(WebPubSubEventHeaders.UserId, UserId);
        if (Subprotocol is not null) yield return new(WebPubSubEventHeaders.Subprotocol, Subprotocol);
        if (ConnectionState is not null) yield return new(WebPubSubEventHeaders.ConnectionState, ConnectionState);
        if (Signature is not null) yield return new(WebPubSubEventHeaders.Signature, Signature);
        if (Origin is not null) yield return new(WebPubSubEventHeaders.RequestOrigin, Origin);
    }

    /// <summary>
    /// Reads the attributes from headers (<paramref name="header"/> returns the first value or null). Fails when a
    /// required attribute is missing or ce-type is not a Web PubSub type.
    /// </summary>
    public static bool TryRead(Func<string, string?> header, [NotNullWhen(true)] out WebPubSubEventContext? context, out string error)
    {
        ArgumentNullException.ThrowIfNull(header);
        context = null;
        var type = header(WebPubSubEventHeaders.Type);
        var hub = header(WebPubSubEventHeaders.Hub);
        var connectionId = header(WebPubSubEventHeaders.ConnectionId);
        var eventName = header(WebPubSubEventHeaders.EventName);
        if (header(WebPubSubEventHeaders.AwpsVersion) is null) { error = "ce-awpsversion is missing"; return false; }
        if (string.IsNullOrEmpty(hub) || string.IsNullOrEmpty(connectionId)) { error = "ce-hub and ce-connectionId are required"; return false; }
        WebPubSubEventKind kind;
        if (type is null) { error = "ce-type is missing"; return false; }
        if (type.StartsWith(WebPubSubEventHeaders.UserTypePrefix, StringComparison.Ordinal))
        {
            kind = WebPubSubEventKind.User;
            eventName ??= type[WebPubSubEventHeaders.UserTypePrefix.Length..];
        }
        else
        {
            switch (type)
            {
                case WebPubSubEventHeaders.SystemTypePrefix + "connect": kind = WebPubSubEventKind.Connect; break;
                case WebPubSubEventHeaders.SystemTypePrefix + "connected": kind = WebPubSubEventKind.Connected; break;
                case WebPubSubEventHeaders.SystemTypePrefix + "disconnected": kind = WebPubSubEventKind.Disconnected; break;
                default: error = "ce-type is not a Web PubSub event type"; return false;
            }
            eventName ??= type[WebPubSubEventHeaders.SystemTypePrefix.Length..];
        }
        var time = DateTimeOffset.TryParse(header(WebPubSubEventHeaders.Time), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : DateTimeOffset.UtcNow;
        context = new WebPubSubEventContext
        {
            Kind = kind,
            EventName = eventName,
            Hub = hub,
            ConnectionId = connectionId,
            UserId = header(WebPubSubEventHeaders.UserId),
            Subprotocol = header(WebPubSubEventHeaders.Subprotocol),
            ConnectionState = header(WebPubSubEventHeaders.ConnectionState),
            Signature = header(WebPubSubEventHeaders.Signature),
            Origin = header(WebPubSubEventHeaders.RequestOrigin),
            Id = header(WebPubSubEventHeaders.Id) ?? "",
            Time = time,
        };
        error = "";
        return true;
    }
}
