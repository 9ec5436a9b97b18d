using System.Text;
using AgentPlatform.Protocol.Acp;
using AgentPlatform.Relay.Acp.Agents;
using AgentPlatform.Relay.Acp.Connections;

namespace AgentPlatform.Relay.Acp.Transport;

/// <summary>
/// Streamable HTTP on <c>/acp[/{agent}]</c> (the SDK's server.js): POST carries one client message (initialize opens a
/// connection and is answered in the body; anything else is answered 202 and its output travels on SSE), GET opens the
/// connection's or a session's SSE stream, DELETE ends the connection. Authentication is checked by <see cref="AcpEndpoint"/>.
/// </summary>
public sealed partial class AcpHttpEndpoint(AcpRuntime runtime, ILogger<AcpHttpEndpoint> logger)
{
    private static readonly byte[] KeepAlive = ":\n\n"u8.ToArray();
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();

    public async Task PostAsync(HttpContext http, IAcpAgent agent)
    {
        ArgumentNullException.ThrowIfNull(http);
        var request = http.Request;
        if (!IsJson(request.ContentType))
        {
            await TextAsync(http, StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type").ConfigureAwait(false);
            return;
        }
        var body = await ReadBodyAsync(request, runtime.Options.MaxMessageBytes, http.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            await TextAsync(http, StatusCodes.Status413PayloadTooLarge, "Payload Too Large").ConfigureAwait(false);
            return;
        }
        var parsed = JsonRpcParser.Parse(body);
        if (parsed.Message is not { } message)
        {
            var error = parsed.ErrorResponse!;
            if ((int?)error.Error?["code"] == JsonRpcErrorCodes.ParseError)
            {
                await TextAsync(http, StatusCodes.Status400BadRequest, "Invalid JSON").ConfigureAwait(false);
                return;
            }
            if (!StartsLikeObjectOrArray(body))
            {
                await TextAsync(http, StatusCodes.Status400BadRequest, "Invalid JSON-RPC message").ConfigureAwait(false);
                return;
            }
            // As the SDK: only arrays and non-objects are refused before the connection id is checked.
            if (StartsLikeObject(body) && request.Headers[AcpHeaders.ConnectionId].ToString().Length == 0)
            {
                await TextAsync(http, StatusCodes.Status400BadRequest, "Missing Acp-Connection-Id").ConfigureAwait(false);
                return;
            }
            // A batch, or an object that is no valid message: the JSON-RPC error, as the SDK answers a batch.
            await JsonAsync(http, StatusCodes.Status400BadRequest, error).ConfigureAwait(false);
            return;
        }
        var connectionId = request.Headers[AcpHeaders.ConnectionId].ToString();
        if (message.Kind == JsonRpcKind.Request && message.Method == AcpMethods.Initialize)
        {
            if (connectionId.Length > 0)
            {
                await TextAsync(http, StatusCodes.Status400BadRequest, "Initialize not allowed on existing connection").ConfigureAwait(false);
                return;
            }
            await InitializeAsync(http, agent, message).ConfigureAwait(false);
            return;
        }
        if (await FindAsync(http, connectionId).ConfigureAwait(false) is not { } connection) return;
        using var activity = connection.BeginActivity();
        connection.Relay?.Counters.FrameIn(body.Length);
        runtime.Telemetry.FramesIn.Add(1);
        var headerSession = request.Headers[AcpHeaders.SessionId].ToString();
        if (message.Kind == JsonRpcKind.Response)
        {
            // A response to an agent request that went out on a session stream must name that session.
            if (connection.ClientResponseSession(message, remove: false) is { } expected)
            {
                if (headerSession.Length == 0)
                {
                    await TextAsync(http, StatusCodes.Status400BadRequest, "Missing Acp-Session-Id").ConfigureAwait(false);
                    return;
                }
                if (!string.Equals(headerSession, expected, StringComparison.Ordinal))
                {
                    await TextAsync(http, StatusCodes.Status400BadRequest, "Mismatched Acp-Session-Id").ConfigureAwait(false);
                    return;
                }
            }
            connection.ClientResponseSession(message, remove: true);
        }
        else
        {
            var paramsSession = message.SessionId;
            if ((AcpHeaders.RequiresSession(message.Method) || paramsSession is not null) && headerSession.Length == 0)
            {
                await TextAsync(http, StatusCodes.Status400BadRequest, "Missing Acp-Session-Id").ConfigureAwait(false);
                return;
            }
            if (headerSession.Length > 0 && paramsSession is not null && !string.Equals(headerSession, paramsSession, StringComparison.Ordinal))
            {
                await TextAsync(http, StatusCodes.Status400BadRequest, "Mismatched Acp-Session-Id").ConfigureAwait(false);
                return;
            }
            connection.TrackRequest(message, headerSession.Length > 0 ? headerSession : paramsSession);
        }
        http.Response.StatusCode = StatusCodes.Status202Accepted;
        try
        {
            await connection.DispatchAsync(message, http.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client gave up on its POST; the message may or may not have reached the agent, as with any network.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogDispatchFailed(logger, connection.ConnectionId, ex);
            connection.End("Message handling failed");
        }
    }

    public async Task GetAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var accept = http.Request.Headers.Accept.ToString();
        if (!accept.Contains(AcpHeaders.EventStream, StringComparison.OrdinalIgnoreCase))
        {
            await TextAsync(http, StatusCodes.Status406NotAcceptable, "Not Acceptable").ConfigureAwait(false);
            return;
        }
        if (await FindAsync(http, http.Request.Headers[AcpHeaders.ConnectionId].ToString()).ConfigureAwait(false) is not { } connection) return;
        var sessionId = http.Request.Headers[AcpHeaders.SessionId].ToString();
        var stream = connection.StreamOf(sessionId.Length > 0 ? sessionId : null);
        if (!stream.TryAcquire())
        {
            await TextAsync(http, StatusCodes.Status409Conflict, "Outbound stream already has an active receiver").ConfigureAwait(false);
            return;
        }
        using var activity = connection.BeginActivity();
        try
        {
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = AcpHeaders.EventStream;
            http.Response.Headers.CacheControl = "no-cache";
            http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
            await http.Response.Body.FlushAsync(http.RequestAborted).ConfigureAwait(false);
            await PumpAsync(http, stream).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The receiver went away; what it had not read yet stays queued for the next one.
        }
        finally
        {
            connection.Released(stream);
        }
    }

    public async Task DeleteAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (await FindAsync(http, http.Request.Headers[AcpHeaders.ConnectionId].ToString()).ConfigureAwait(false) is not { } connection) return;
        connection.End("deleted by the client");
        http.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    private async Task InitializeAsync(HttpContext http, IAcpAgent agent, JsonRpcMessage initialize)
    {
        if (initialize.Id is null)
        {
            await TextAsync(http, StatusCodes.Status400BadRequest, "Initialize request must include an ID").ConfigureAwait(false);
            return;
        }
        var connection = new AcpHttpConnection(runtime, AcpPrincipal.Of(http));
        try
        {
            await connection.OpenAsync(http.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The core refused it (the backplane is down) or the client left: nothing was opened.
            LogNotOpened(logger, connection.ConnectionId, ex);
            if (!http.RequestAborted.IsCancellationRequested)
            {
                await TextAsync(http, StatusCodes.Status503ServiceUnavailable, "Service Unavailable").ConfigureAwait(false);
            }
            return;
        }
        JsonRpcMessage response;
        try
        {
            using var activity = connection.BeginActivity();
            response = await connection.InitializeAsync(agent, initialize, http.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            connection.End("initialize aborted");
            return;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            connection.End("Initialize failed");
            var why = ex is AcpAgentUnavailableException ? ex.Message : "the agent failed to initialize";
            if (ex is not AcpAgentUnavailableException) LogInitializeFailed(logger, ex);
            await JsonAsync(http, StatusCodes.Status500InternalServerError,
                JsonRpcMessage.Failure(initialize.Id, JsonRpcErrorCodes.InternalError, "Initialize failed", System.Text.Json.Nodes.JsonValue.Create(why))).ConfigureAwait(false);
            return;
        }
        http.Response.Headers[AcpHeaders.ConnectionId] = connection.ConnectionId;
        await JsonAsync(http, StatusCodes.Status200OK, response).ConfigureAwait(false);
    }

    private async Task PumpAsync(HttpContext http, AcpOutboundChannel stream)
    {
        var body = http.Response.Body;
        var aborted = http.RequestAborted;
        // Bounded by the connection's life: the stream completes when the connection ends, the loop with the request.
        while (!aborted.IsCancellationRequested)
        {
            var (message, done) = await stream.ReadAsync(runtime.Options.KeepAliveInterval, aborted).ConfigureAwait(false);
            if (done) return;
            if (message is null)
            {
                await body.WriteAsync(KeepAlive, aborted).ConfigureAwait(false);
            }
            else
            {
                await body.WriteAsync(DataPrefix, aborted).ConfigureAwait(false);
                await body.WriteAsync(message, aborted).ConfigureAwait(false);
                await body.WriteAsync(EventEnd, aborted).ConfigureAwait(false);
            }
            await body.FlushAsync(aborted).ConfigureAwait(false);
        }
    }

    private async Task<AcpHttpConnection?> FindAsync(HttpContext http, string connectionId)
    {
        if (connectionId.Length == 0)
        {
            await TextAsync(http, StatusCodes.Status400BadRequest, "Missing Acp-Connection-Id").ConfigureAwait(false);
            return null;
        }
        // Another principal's connection id is as unknown as a made-up one.
        if (!runtime.Connections.TryGet(connectionId, out var found) || found is not AcpHttpConnection { IsEnded: false } connection
            || !string.Equals(connection.UserId, AcpPrincipal.Of(http), StringComparison.Ordinal))
        {
            await TextAsync(http, StatusCodes.Status404NotFound, "Unknown Acp-Connection-Id").ConfigureAwait(false);
            return null;
        }
        return connection;
    }

    /// <summary>True when the first non-blank byte of <paramref name="body"/> opens a JSON object.</summary>
    private static bool StartsLikeObject(ReadOnlySpan<byte> body)
    {
        var trimmed = body.TrimStart(" \t\r\n"u8);
        return trimmed.Length > 0 && trimmed[0] == (byte)'{';
    }

    /// <summary>The body, or null when it is larger than <paramref name="limit"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var n = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (n == 0) return buffer.ToArray();
            if (buffer.Length + n > limit) return null;
            buffer.Write(chunk, 0, n);
        }
    }

    private static bool StartsLikeObjectOrArray(byte[] body)
    {
        foreach (var b in body)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') continue;
            return b is (byte)'{' or (byte)'[';
        }
        return false;
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null && contentType.Split(';', 2)[0].Trim().Equals(AcpHeaders.Json, StringComparison.OrdinalIgnoreCase);

    internal static async Task TextAsync(HttpContext http, int status, string text)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/plain";
        await http.Response.WriteAsync(text, Encoding.UTF8, http.RequestAborted).ConfigureAwait(false);
    }

    private static async Task JsonAsync(HttpContext http, int status, JsonRpcMessage message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = AcpHeaders.Json;
        await http.Response.Body.WriteAsync(message.ToUtf8(), http.RequestAborted).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 6330, Level = LogLevel.Error, Message = "ACP connection {ConnectionId}: the agent attachment failed to handle a message")]
    private static partial void LogDispatchFailed(ILogger logger, string connectionId, Exception ex);

    [LoggerMessage(EventId = 6332, Level = LogLevel.Warning, Message = "ACP connection {ConnectionId} could not be opened")]
    private static partial void LogNotOpened(ILogger logger, string connectionId, Exception ex);

    [LoggerMessage(EventId = 6331, Level = LogLevel.Warning, Message = "ACP: the agent failed to initialize an HTTP connection")]
    private static partial void LogInitializeFailed(ILogger logger, Exception ex);
}
