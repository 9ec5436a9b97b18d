using AgentPlatform.Functions.WebPubSub.Handler;
using Microsoft.Azure.Functions.Worker;

namespace AgentPlatform.Functions.Worker;

/// <summary>
/// The Web PubSub CloudEvents upstream (<see cref="WebPubSubHandlerEndpoints"/>) as one HTTP trigger: OPTIONS/GET
/// answer the abuse-protection handshake, POST carries events. Without <c>ConnectionStrings:webpubsub</c> it is 404,
/// as the in-process harness maps nothing then.
/// </summary>
public sealed class WebPubSubFunctions
{
    [Function("webpubsub")]
    public static async Task<IResult> HandleAsync(
        [HttpTrigger(AuthorizationLevel.Function, "options", "get", "post", Route = "api/webpubsub/hubs/{hub}/{*event}")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var http = request.HttpContext;
        var options = http.RequestServices.GetService<WebPubSubHandlerOptions>();
        if (options is null) return Results.NotFound();
        if (HttpMethods.IsPost(request.Method))
        {
            await WebPubSubHandlerEndpoints.HandlePostAsync(http, options, http.RequestServices.GetRequiredService<WebPubSubHubRegistry>(),
                http.RequestServices.GetRequiredService<ILoggerFactory>()).ConfigureAwait(false);
        }
        else
        {
            await WebPubSubHandlerEndpoints.HandleOptionsAsync(http, options).ConfigureAwait(false);
        }
        return Results.Empty;
    }
}
