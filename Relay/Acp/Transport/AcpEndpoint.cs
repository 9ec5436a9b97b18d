using AgentPlatform.Relay.Acp.Connections;
using AgentPlatform.Relay.Auth;

namespace AgentPlatform.Relay.Acp.Transport;

/// <summary>
/// <c>/acp</c> (the agent <c>Acp:DefaultAgent</c>) and <c>/acp/{agent}</c>: checks the token (401 before any message:
/// the asp-v1 token, as a Bearer header, a <c>bearer.&lt;base64url&gt;</c> subprotocol or <c>?access_token=</c>), finds the
/// agent (404 before any upgrade), then hands the request to the WebSocket or the Streamable HTTP transport.
/// </summary>
public sealed partial class AcpEndpoint(AgentSocketAuthenticator authenticator, AcpAgentResolver agents,
    AcpRuntime runtime, AcpWebSocketEndpoint webSockets, AcpHttpEndpoint http, ILogger<AcpEndpoint> logger)
{
    public const string Path = "/acp";

    public async Task HandleAsync(HttpContext context, string? agentName)
    {
        ArgumentNullException.ThrowIfNull(context);
        var auth = authenticator.AuthenticateRequest(context.Request);
        if (auth.Identity is not { } identity)
        {
            runtime.Telemetry.Rejections.Add(1, new KeyValuePair<string, object?>("reason", "acp-unauthorized"));
            LogRefused(logger, context.Request.Method);
            await AuthProblem.UnauthorizedAsync(context, auth.Error).ConfigureAwait(false);
            return;
        }
        // The principal is the token's subject: a user's editors share sessions, another user's cannot see them.
        context.Items[AcpPrincipal.ItemKey] = AcpPrincipal.FromUser(identity.UserId);
        var name = string.IsNullOrEmpty(agentName) ? runtime.Options.DefaultAgent : agentName;
        if (!identity.MayInvoke(name))
        {
            runtime.Telemetry.Rejections.Add(1, new KeyValuePair<string, object?>("reason", "acp-forbidden"));
            await AuthProblem.ForbiddenAsync(context, "the token's roles do not allow prompting this agent (agent.invoke)").ConfigureAwait(false);
            return;
        }
        if (agents.Find(name) is not { } agent)
        {
            await AcpHttpEndpoint.TextAsync(context, StatusCodes.Status404NotFound, "Unknown agent").ConfigureAwait(false);
            return;
        }
        if (context.WebSockets.IsWebSocketRequest)
        {
            await webSockets.HandleAsync(context, agent).ConfigureAwait(false);
            return;
        }
        var method = context.Request.Method;
        if (HttpMethods.IsPost(method)) await http.PostAsync(context, agent).ConfigureAwait(false);
        else if (HttpMethods.IsGet(method)) await http.GetAsync(context).ConfigureAwait(false);
        else if (HttpMethods.IsDelete(method)) await http.DeleteAsync(context).ConfigureAwait(false);
        else await AcpHttpEndpoint.TextAsync(context, StatusCodes.Status405MethodNotAllowed, "Method Not Allowed").ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 6340, Level = LogLevel.Information, Message = "ACP {Method} refused: token missing or wrong")]
    private static partial void LogRefused(ILogger logger, string method);
}
