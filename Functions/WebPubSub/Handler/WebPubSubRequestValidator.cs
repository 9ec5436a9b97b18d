using AgentPlatform.Protocol.WebPubSub.CloudEvents;

namespace AgentPlatform.Functions.WebPubSub.Handler;

/// <summary>
/// Checks an upstream request the way Microsoft.Azure.WebPubSub.AspNetCore does: the origin must be the configured
/// service and ce-signature must carry an HMAC of the connection id with one of its keys.
/// </summary>
public static class WebPubSubRequestValidator
{
    public static bool IsValid(WebPubSubEventContext context, WebPubSubHandlerOptions options, out string error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsAllowedOrigin(context.Origin))
        {
            error = "the request origin is not the configured Web PubSub service";
            return false;
        }
        if (!WebPubSubSignature.Verify(context.Signature, context.ConnectionId, options.AccessKeys))
        {
            error = "the request signature is invalid";
            return false;
        }
        error = "";
        return true;
    }
}
