using System.Net;
using System.Net.Http.Headers;
using AgentPlatform.Protocol.WebPubSub;
using AgentPlatform.Protocol.WebPubSub.Auth;

namespace AgentPlatform.Functions.WebPubSub.Client;

/// <summary>
/// A small client of the Web PubSub data plane, configured only by the connection string: sends, group
/// membership, close, existence, and client token generation (signed locally, as the official SDKs do with a key).
/// Every request carries a bearer JWT whose <c>aud</c> is the request URL. Works against the Relay locally and the
/// real service in Azure.
/// </summary>
public sealed class WebPubSubServiceClient
{
    /// <summary>The api-version this client speaks.</summary>
    public const string ApiVersion = "2024-01-01";

    private readonly HttpClient _http;
    private readonly WebPubSubConnectionString _connection;
    private readonly TimeProvider _time;

    public WebPubSubServiceClient(HttpClient http, WebPubSubConnectionString connection, TimeProvider? time = null)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        _time = time ?? TimeProvider.System;
    }

    public WebPubSubConnectionString Connection => _connection;

    public Task SendToAllAsync(string hub, WebPubSubPayload message, IEnumerable<string>? excluded = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, Path(hub, ":send") + Excluded(excluded), message, [HttpStatusCode.Accepted], cancellationToken);

    public Task SendToGroupAsync(string hub, string group, WebPubSubPayload message, IEnumerable<string>? excluded = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, Path(hub, "groups", group, ":send") + Excluded(excluded), message, [HttpStatusCode.Accepted], cancellationToken);

    public Task SendToUserAsync(string hub, string userId, WebPubSubPayload message, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, Path(hub, "users", userId, ":send"), message, [HttpStatusCode.Accepted], cancellationToken);

    public Task SendToConnectionAsync(string hub, string connectionId, WebPubSubPayload message, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, Path(hub, "connections", connectionId, ":send"), message, [HttpStatusCode.Accepted], cancellationToken);

    public Task AddConnectionToGroupAsync(string hub, string group, string connectionId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, Path(hub, "groups", group, "connections", connectionId), null, [HttpStatusCode.OK], cancellationToken);

    public Task RemoveConnectionFromGroupAsync(string hub, string group, string connectionId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, Path(hub, "groups", group, "connections", connectionId), null, [HttpStatusCode.NoContent, HttpStatusCode.OK], cancellationToken);

    public Task AddUserToGroupAsync(string hub, string group, string userId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, Path(hub, "users", userId, "groups", group), null, [HttpStatusCode.OK], cancellationToken);

    public Task RemoveUserFromGroupAsync(string hub, string group, string userId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, Path(hub, "users", userId, "groups", group), null, [HttpStatusCode.NoContent, HttpStatusCode.OK], cancellationToken);

    public Task CloseConnectionAsync(string hub, string connectionId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, Path(hub, "connections", connectionId) + (reason is null ? "" : "&reason=" + Uri.EscapeDataString(reason)),
            null, [HttpStatusCode.NoContent, HttpStatusCode.OK], cancellationToken);

    public Task<bool> ConnectionExistsAsync(string hub, string connectionId, CancellationToken cancellationToken = default) =>
        ExistsAsync(Path(hub, "connections", connectionId), cancellationToken);

    public Task<bool> GroupExistsAsync(string hub, string group, CancellationToken cancellationToken = default) =>
        ExistsAsync(Path(hub, "groups", group), cancellationToken);

    public Task<bool> UserExistsAsync(string hub, string userId, CancellationToken cancellationToken = default) =>
        ExistsAsync(Path(hub, "users", userId), cancellationToken);

    /// <summary>A client URL with a token: <c>ws(s)://host/client/hubs/{hub}?access_token=…</c>.</summary>
    public Uri GetClientAccessUri(string hub, string? userId = null, IReadOnlyCollection<string>? roles = null,
        IReadOnlyCollection<string>? groups = null, TimeSpan? lifetime = null)
    {
        var audience = _connection.EndpointText + "/client/hubs/" + hub;
        var token = WebPubSubAccessToken.Create(_connection.AccessKey, audience, _time.GetUtcNow(), lifetime ?? TimeSpan.FromHours(1), userId, roles, groups);
        var ws = _connection.Endpoint.Scheme == Uri.UriSchemeHttps ? "wss" : "ws";
        return new Uri($"{ws}://{_connection.Endpoint.Authority}/client/hubs/{Uri.EscapeDataString(hub)}?access_token={token}");
    }

    private async Task<bool> ExistsAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Head, pathAndQuery);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.OK) return true;
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        throw await FailureAsync(response).ConfigureAwait(false);
    }

    private async Task SendAsync(HttpMethod method, string pathAndQuery, WebPubSubPayload? body, HttpStatusCode[] expected, CancellationToken cancellationToken)
    {
        using var request = Request(method, pathAndQuery);
        if (body is { } payload)
        {
            request.Content = new ReadOnlyMemoryContent(payload.Bytes);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(payload.ContentType);
        }
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!expected.Contains(response.StatusCode)) throw await FailureAsync(response).ConfigureAwait(false);
    }

    private HttpRequestMessage Request(HttpMethod method, string pathAndQuery)
    {
        var url = new Uri(_connection.EndpointText + pathAndQuery);
        var request = new HttpRequestMessage(method, url);
        var token = WebPubSubAccessToken.Create(_connection.AccessKey, url.AbsoluteUri, _time.GetUtcNow(), TimeSpan.FromMinutes(5));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static string Path(string hub, params string[] segments) =>
        "/api/hubs/" + Uri.EscapeDataString(hub) + "/" + string.Join('/', segments.Select(s => s.StartsWith(':') ? s : Uri.EscapeDataString(s)))
        + "?api-version=" + ApiVersion;

    private static string Excluded(IEnumerable<string>? excluded) =>
        excluded is null ? "" : string.Concat(excluded.Select(e => "&excluded=" + Uri.EscapeDataString(e)));

    private static async Task<HttpRequestException> FailureAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (text.Length > 300) text = text[..300];
        return new HttpRequestException($"Web PubSub REST call answered {(int)response.StatusCode}: {text}", null, response.StatusCode);
    }
}
