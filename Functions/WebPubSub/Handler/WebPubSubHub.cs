namespace AgentPlatform.Functions.WebPubSub.Handler;

/// <summary>
/// What a hub author overrides, in the spirit of Microsoft.Azure.WebPubSub.AspNetCore's <c>WebPubSubHub</c>: typed
/// connect / connected / message / disconnected events with typed results. Defaults accept every client, ignore
/// notifications and answer user events with 204.
/// </summary>
public abstract class WebPubSubHub
{
    public virtual ValueTask<WebPubSubEventResult> OnConnectAsync(ConnectEvent request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(WebPubSubEventResult.Accept());

    public virtual ValueTask OnConnectedAsync(ConnectedEvent request, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public virtual ValueTask<WebPubSubEventResult> OnMessageReceivedAsync(UserEvent request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(WebPubSubEventResult.NoContent);

    public virtual ValueTask OnDisconnectedAsync(DisconnectedEvent request, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
