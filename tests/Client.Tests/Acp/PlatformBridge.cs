using System.Net.WebSockets;
using System.Text;
using AgentPlatform.Protocol.Acp;
using AgentPlatform.Relay.Acp.Agents;
using AgentPlatform.Relay.Acp.Agents.Platform;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Client.Tests.Acp;

/// <summary>
/// A stand-in for the Relay's /acp edge (owned by another helper, not merged yet): <c>/test-acp/{agent}</c> upgrades to a
/// WebSocket and hands every JSON-RPC message to the Relay's own <see cref="PlatformAcpAgents"/>. Just enough transport
/// to drive the .NET client against the real platform agents; the lead replaces these tests with ones on /acp.
/// </summary>
public sealed class PlatformBridge : IStartupFilter
{
    public const string PathPrefix = "/test-acp";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Map(PathPrefix, branch =>
        {
            branch.UseWebSockets();
            branch.Run(BridgeAsync);
        });
        next(app);
    };

    private static async Task BridgeAsync(HttpContext context)
    {
        var agent = context.RequestServices.GetRequiredService<PlatformAcpAgents>().Find(context.Request.Path.Value?.Trim('/') ?? "");
        if (agent is null || !context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var peer = new WebSocketAcpPeer(socket);
        var buffer = new byte[1 << 16];
        IAcpAttachment? attachment = null;
        try
        {
            while (await ReceiveAsync(socket, buffer) is { } text)
            {
                var parsed = JsonRpcParser.Parse(text);
                if (parsed.Message is not { } message)
                {
                    await peer.SendAsync(parsed.ErrorResponse!);
                }
                else if (attachment is null)
                {
                    attachment = await agent.AttachAsync(peer, message, context.RequestAborted);
                    await peer.SendAsync(JsonRpcMessage.Success(message.Id, attachment.InitializeResult));
                }
                else
                {
                    await attachment.ReceiveAsync(message, context.RequestAborted);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The client dropped: the attachment is disposed below, as the edge would.
        }
        finally
        {
            if (attachment is not null) await attachment.DisposeAsync();
        }
    }

    private static async Task<byte[]?> ReceiveAsync(WebSocket socket, byte[] buffer)
    {
        using var stream = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            stream.Write(buffer, 0, result.Count);
            if (result.EndOfMessage) return result.MessageType == WebSocketMessageType.Text ? stream.ToArray() : Encoding.UTF8.GetBytes("{}");
        }
    }
}
