using System.Diagnostics;
using System.Text.Json;
using System.Text.Unicode;
using AgentPlatform.Protocol.WebPubSub;
using AgentPlatform.Protocol.WebPubSub.Auth;
using AgentPlatform.Relay.Core;
using AgentPlatform.Relay.Diagnostics;
using AgentPlatform.Relay.WebPubSub.Auth;
using AgentPlatform.Relay.WebPubSub.Connections;
using AgentPlatform.Relay.WebPubSub.Options;
using AgentPlatform.ServiceDefaults.Http;

namespace AgentPlatform.Relay.WebPubSub.Rest;

/// <summary>
/// The data plane <c>/api/hubs/{hub}/…</c>: JWT-authenticated (<c>aud</c> = the request URL), answering with the
/// status codes the official SDKs expect (202 for sends, 204 for removals and closes, 200/404 for existence checks).
/// Existence checks, listings, filters and permissions see the connections of this replica.
/// </summary>
public sealed partial class WebPubSubRestApi(RelayCore core, WebPubSubSession session, WebPubSubTokenValidator tokens,
    WebPubSubUserGroups userGroups, WebPubSubOptions options, TimeProvider time, ILogger<WebPubSubRestApi> logger)
{
    private const int MaxBodyBytes = 1024 * 1024;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task HandleAsync(HttpContext http, string hub, string? rest)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!tokens.TryValidateRest(http.Request, out var why))
        {
            LogUnauthorized(logger, hub, why);
            await ErrorAsync(http, StatusCodes.Status401Unauthorized, "Unauthorized", why).ConfigureAwait(false);
            return;
        }
        if (!WebPubSubClientEndpoint.IsValidHub(hub))
        {
            await ErrorAsync(http, StatusCodes.Status400BadRequest, "InvalidHub", "invalid hub name").ConfigureAwait(false);
            return;
        }
        var segments = (rest ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (!RestRoute.TryParse(http.Request.Method, segments, out var route))
        {
            await ErrorAsync(http, StatusCodes.Status404NotFound, "NotFound", "no such operation").ConfigureAwait(false);
            return;
        }
        if (string.IsNullOrEmpty(http.Request.Query["api-version"]))
        {
            await ErrorAsync(http, StatusCodes.Status400BadRequest, "MissingApiVersion", "the api-version query parameter is required").ConfigureAwait(false);
            return;
        }
        if (route.Group is { } g && (string.IsNullOrWhiteSpace(g) || g.Length > 1024))
        {
            await ErrorAsync(http, StatusCodes.Status400BadRequest, "InvalidGroup", "group must be 1-1024 characters and not blank").ConfigureAwait(false);
            return;
        }
        using var activity = RelayTelemetry.Source.StartActivity("webpubsub rest " + route.Operation, ActivityKind.Server);
        activity?.SetTag("webpubsub.hub", hub);
        await RunAsync(http, hub, route).ConfigureAwait(false);
    }

    private async Task RunAsync(HttpContext http, string hub, RestRoute route)
    {
        var query = http.Request.Query;
        var local = core.Hub(hub);
        var ct = http.RequestAborted;
        switch (route.Operation)
        {
            case RestOperation.SendToAll or RestOperation.SendToGroup or RestOperation.SendToUser or RestOperation.SendToConnection:
                await SendAsync(http, hub, route).ConfigureAwait(false);
                return;
            case RestOperation.CloseConnection:
                await CloseAsync(hub, [route.ConnectionId!], query["reason"].ToString()).ConfigureAwait(false);
                http.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            case RestOperation.CloseAll or RestOperation.CloseGroup or RestOperation.CloseUser:
                var excluded = query["excluded"].Select(e => e ?? "").ToHashSet(StringComparer.Ordinal);
                var victims = (route.Operation switch
                {
                    RestOperation.CloseGroup => local.GroupMembers(route.Group!),
                    RestOperation.CloseUser => local.UserConnections(route.User!),
                    _ => local.Connections,
                }).Select(c => c.Id).Where(id => !excluded.Contains(id)).ToArray();
                await CloseAsync(hub, victims, query["reason"].ToString()).ConfigureAwait(false);
                http.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            case RestOperation.ConnectionExists:
                http.Response.StatusCode = local.TryGet(route.ConnectionId!, out var c) && c.State != ConnectionState.Closed ? 200 : 404;
                return;
            case RestOperation.GroupExists:
                http.Response.StatusCode = local.HasGroup(route.Group!) ? 200 : 404;
                return;
            case RestOperation.UserExists:
                http.Response.StatusCode = local.HasUser(route.User!) ? 200 : 404;
                return;
            case RestOperation.AddConnectionToGroup:
                // The connection may be held by another replica, which acknowledges the join before this answers.
                if (!await core.AddToGroupAsync(hub, route.ConnectionId!, route.Group!, ct).ConfigureAwait(false))
                {
                    await ErrorAsync(http, 404, "NotFound", "no such connection").ConfigureAwait(false);
                    return;
                }
                http.Response.StatusCode = 200;
                return;
            case RestOperation.RemoveConnectionFromGroup:
                await core.RemoveFromGroupAsync(hub, route.ConnectionId!, route.Group!, ct).ConfigureAwait(false);
                http.Response.StatusCode = 204;
                return;
            case RestOperation.RemoveConnectionFromAllGroups:
                await core.RemoveFromAllGroupsAsync(hub, route.ConnectionId!, ct).ConfigureAwait(false);
                http.Response.StatusCode = 204;
                return;
            case RestOperation.AddUserToGroup:
                userGroups.Add(hub, route.User!, route.Group!);
                await core.AddUserToGroupAsync(hub, route.User!, route.Group!, ct).ConfigureAwait(false);
                http.Response.StatusCode = 200;
                return;
            case RestOperation.RemoveUserFromGroup:
                userGroups.Remove(hub, route.User!, route.Group!);
                await core.RemoveUserFromGroupAsync(hub, route.User!, route.Group!, ct).ConfigureAwait(false);
                http.Response.StatusCode = 204;
                return;
            case RestOperation.RemoveUserFromAllGroups:
                userGroups.RemoveAll(hub, route.User!);
                foreach (var uc in local.UserConnections(route.User!).ToArray())
                {
                    await core.RemoveFromAllGroupsAsync(hub, uc.Id, ct).ConfigureAwait(false);
                }
                http.Response.StatusCode = 204;
                return;
            case RestOperation.AddConnectionsToGroups or RestOperation.RemoveConnectionsFromGroups:
                await BulkGroupsAsync(http, hub, route.Operation == RestOperation.AddConnectionsToGroups).ConfigureAwait(false);
                return;
            case RestOperation.ListGroupConnections:
                await ListAsync(http, hub, route.Group!).ConfigureAwait(false);
                return;
            case RestOperation.GrantPermission or RestOperation.RevokePermission or RestOperation.CheckPermission:
                await PermissionAsync(http, hub, route).ConfigureAwait(false);
                return;
            case RestOperation.GenerateToken:
                await GenerateTokenAsync(http, hub).ConfigureAwait(false);
                return;
        }
    }

    private async Task SendAsync(HttpContext http, string hub, RestRoute route)
    {
        if (!WebPubSubPayload.TryFromContentType(http.Request.ContentType, out var type))
        {
            await ErrorAsync(http, StatusCodes.Status415UnsupportedMediaType, "UnsupportedMediaType",
                "Content-Type must be application/json, text/plain or application/octet-stream").ConfigureAwait(false);
            return;
        }
        var body = await http.Request.ReadCappedAsync(MaxBodyBytes, http.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            await ErrorAsync(http, StatusCodes.Status413PayloadTooLarge, "PayloadTooLarge", "the message exceeds 1 MB").ConfigureAwait(false);
            return;
        }
        if (type == WebPubSubDataType.Json && !IsJson(body))
        {
            await ErrorAsync(http, StatusCodes.Status400BadRequest, "InvalidJson", "the body is not valid JSON").ConfigureAwait(false);
            return;
        }
        if (type == WebPubSubDataType.Text && !Utf8.IsValid(body))
        {
            await ErrorAsync(http, StatusCodes.Status400BadRequest, "InvalidText", "the body is not valid UTF-8").ConfigureAwait(false);
            return;
        }
        if (!ConnectionFilter.TryParse(http.Request.Query["filter"], out var filter, out var filterError))
        {
            await ErrorAsync(http, StatusCodes.Status400BadRequest, "InvalidFilter", filterError).ConfigureAwait(false);
            return;
        }
        // A group send reaches members as a group message (from "group", no fromUserId); every other send is "server".
        var message = WebPubSubDialect.ToMessage(new WebPubSubPayload(type, body), WebPubSubDialect.FromServer,
            route.Operation == RestOperation.SendToGroup ? route.Group : null);
        var excluded = http.Request.Query["excluded"].Select(e => e ?? "").ToArray();
        var ct = http.RequestAborted;
        if (!string.IsNullOrWhiteSpace(http.Request.Query["filter"]) && route.Operation != RestOperation.SendToConnection)
        {
            // Filters are evaluated against this replica's view of its connections.
            var local = core.Hub(hub);
            var candidates = route.Operation switch
            {
                RestOperation.SendToGroup => local.GroupMembers(route.Group!),
                RestOperation.SendToUser => local.UserConnections(route.User!),
                _ => local.Connections,
            };
            foreach (var c in candidates.ToArray())
            {
                if (excluded.Contains(c.Id) || !filter.Matches(c.Id, c.UserId, c.Groups)) continue;
                await core.SendToConnectionAsync(hub, c.Id, message, ct).ConfigureAwait(false);
            }
        }
        else
        {
            switch (route.Operation)
            {
                case RestOperation.SendToAll: await core.SendToAllAsync(hub, message, excluded, ct).ConfigureAwait(false); break;
                case RestOperation.SendToGroup: await core.SendToGroupAsync(hub, route.Group!, message, excluded, ct).ConfigureAwait(false); break;
                case RestOperation.SendToUser: await core.SendToUserAsync(hub, route.User!, message, ct).ConfigureAwait(false); break;
                default: await core.SendToConnectionAsync(hub, route.ConnectionId!, message, ct).ConfigureAwait(false); break;
            }
        }
        http.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    private async Task CloseAsync(string hub, IEnumerable<string> connectionIds, string? reason)
    {
        reason = string.IsNullOrEmpty(reason) ? "closed by the server" : reason;
        foreach (var id in connectionIds)
        {
            if (core.Hub(hub).TryGet(id, out var local) && local.DialectState is WebPubSubConnectionContext)
            {
                await session.CloseForGoodAsync(local, reason).ConfigureAwait(false);
            }
            else
            {
                await core.CloseConnectionAsync(hub, id, reason).ConfigureAwait(false);
            }
        }
    }

    private async Task BulkGroupsAsync(HttpContext http, string hub, bool add)
    {
        GroupsToChange? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<GroupsToChange>(http.Request.Body, Json, http.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            request = null;
        }
        if (request?.Groups is not { Count: > 0 } groups || groups.Any(g => string.IsNullOrWhiteSpace(g) || g.Length > 1024))
        {
            await ErrorAsync(http, 400, "InvalidBody", "the body must be {\"groups\": [...], \"filter\": \"...\"} with valid group names").ConfigureAwait(false);
            return;
        }
        if (!ConnectionFilter.TryParse(request.Filter, out var filter, out var error))
        {
            await ErrorAsync(http, 400, "InvalidFilter", error).ConfigureAwait(false);
            return;
        }
        foreach (var c in core.Hub(hub).Connections.ToArray())
        {
            if (!filter.Matches(c.Id, c.UserId, c.Groups)) continue;
            foreach (var g in groups)
            {
                if (add) await core.AddToGroupAsync(hub, c.Id, g).ConfigureAwait(false);
                else await core.RemoveFromGroupAsync(hub, c.Id, g).ConfigureAwait(false);
            }
        }
        http.Response.StatusCode = 200;
    }

    private async Task ListAsync(HttpContext http, string hub, string group)
    {
        var q = http.Request.Query;
        var pageSize = int.TryParse(q["maxpagesize"], out var m) && m > 0 ? Math.Min(m, 200) : 200;
        var top = int.TryParse(q["top"], out var t) && t > 0 ? t : int.MaxValue;
        var skip = int.TryParse(q["continuationToken"], out var s) && s > 0 ? s : 0;
        var members = core.Hub(hub).GroupMembers(group).OrderBy(c => c.Id, StringComparer.Ordinal).ToArray();
        var take = Math.Min(pageSize, Math.Max(0, top - skip));
        var page = members.Skip(skip).Take(take).Select(c => new GroupMember(c.Id, c.UserId)).ToArray();
        string? next = null;
        if (skip + page.Length < Math.Min(members.Length, top) && page.Length > 0)
        {
            var r = http.Request;
            next = $"{r.Scheme}://{r.Host}{r.PathBase}{r.Path}?api-version={Uri.EscapeDataString(q["api-version"].ToString())}"
                + $"&maxpagesize={pageSize}&continuationToken={skip + page.Length}" + (top == int.MaxValue ? "" : $"&top={top}");
        }
        await http.Response.WriteAsJsonAsync(new GroupMemberPage(page, next), Json, http.RequestAborted).ConfigureAwait(false);
    }

    private async Task PermissionAsync(HttpContext http, string hub, RestRoute route)
    {
        if (!WebPubSubRoles.TryParseRestName(route.Permission, out var permission))
        {
            await ErrorAsync(http, 400, "InvalidPermission", "permission must be joinLeaveGroup or sendToGroup").ConfigureAwait(false);
            return;
        }
        var target = http.Request.Query["targetName"].ToString();
        var role = WebPubSubRoles.RoleFor(permission, string.IsNullOrEmpty(target) ? null : target);
        if (!core.Hub(hub).TryGet(route.ConnectionId!, out var connection) || connection.DialectState is not WebPubSubConnectionContext context)
        {
            if (route.Operation == RestOperation.CheckPermission) { http.Response.StatusCode = 404; return; }
            await ErrorAsync(http, 404, "NotFound", "no such connection").ConfigureAwait(false);
            return;
        }
        switch (route.Operation)
        {
            case RestOperation.GrantPermission:
                context.Grant(role);
                http.Response.StatusCode = 200;
                break;
            case RestOperation.RevokePermission:
                context.Revoke(role);
                http.Response.StatusCode = 204;
                break;
            default:
                var has = string.IsNullOrEmpty(target) ? context.HasRole(role) : WebPubSubRoles.Allows(context.Roles, permission, target);
                http.Response.StatusCode = has ? 200 : 404;
                break;
        }
    }

    private async Task GenerateTokenAsync(HttpContext http, string hub)
    {
        var q = http.Request.Query;
        var minutes = int.TryParse(q["minutesToExpire"], out var mte) && mte > 0 ? mte : 60;
        var userId = q["userId"].ToString();
        var audience = $"{options.ConnectionString.EndpointText}/client/hubs/{hub}";
        var token = WebPubSubAccessToken.Create(options.ConnectionString.AccessKey, audience, time.GetUtcNow(), TimeSpan.FromMinutes(minutes),
            string.IsNullOrEmpty(userId) ? null : userId,
            [.. q["role"].Select(r => r ?? "")], [.. q["group"].Select(g => g ?? "")]);
        await http.Response.WriteAsJsonAsync(new TokenResponse(token), Json, http.RequestAborted).ConfigureAwait(false);
    }

    private static bool IsJson(byte[] body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read()) return false;
            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static Task ErrorAsync(HttpContext http, int status, string code, string message)
    {
        http.Response.StatusCode = status;
        http.Response.Headers["x-ms-error-code"] = code;
        return HttpMethods.IsHead(http.Request.Method)
            ? Task.CompletedTask
            : http.Response.WriteAsJsonAsync(new ErrorBody(code, message), Json, http.RequestAborted);
    }

    [LoggerMessage(EventId = 6140, Level = LogLevel.Information, Message = "Web PubSub REST call on hub {Hub} refused: {Reason}")]
    private static partial void LogUnauthorized(ILogger logger, string hub, string reason);

    private sealed record GroupsToChange(IReadOnlyList<string>? Groups, string? Filter);

    private sealed record GroupMember(string ConnectionId, string? UserId);

    private sealed record GroupMemberPage(IReadOnlyList<GroupMember> Value, string? NextLink);

    private sealed record TokenResponse(string Token);

    private sealed record ErrorBody(string Code, string Message);
}
