using System.Buffers;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Relay.AspV1;
using AgentPlatform.Relay.Core;
using AgentPlatform.Server.AspV1.Connections;
using AgentPlatform.Server.AspV1.Providers;

namespace AgentPlatform.Relay.Routing.Providers;

/// <summary>
/// The Relay's side of provider connections: a provider joins the cluster's directory when its HELLO is accepted and
/// leaves it when it disconnects; its frames go back to the invocation that asked, on this replica directly, on
/// another through the core (the client's connection id is in the invocation id the provider was given).
/// </summary>
public sealed class ProviderRole(IProviderDirectory directory, ForwardedInvocations forwarded, RelayCore core) : IProviderRole
{
    public ValueTask OpenedAsync(IAspV1Connection provider, IReadOnlyList<string> agents)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return directory.AddAsync(new ProviderPresence(provider.Id, agents, ReplicaId: ""), provider.Closed);
    }

    public ValueTask FrameAsync(IAspV1Connection provider, AspFrame frame, ReadOnlySequence<byte> raw)
    {
        if (AspV1Protocol.InvocationIdOf(frame) is not { } id) return ValueTask.CompletedTask;
        ArgumentNullException.ThrowIfNull(provider);
        if (forwarded.TryGet(id, out var target))
        {
            // Only the provider an invocation was forwarded to may answer for it.
            if (target.Provider.ConnectionId == provider.Id) target.Post(frame);
            return ValueTask.CompletedTask;
        }
        // Not one of this replica's clients: the client's replica gets the frame as it came, with the sender's
        // connection id, and checks it the same way (an unknown id is dropped).
        return ForwardedInvocations.ClientOf(id) is { } client
            ? ForwardAsync(client, provider.Id, raw.ToArray())
            : ValueTask.CompletedTask;
    }

    private async ValueTask ForwardAsync(string client, string provider, byte[] frame)
    {
        try
        {
            await core.SendToConnectionAsync(AspV1Dialect.HubName, client,
                new RelayMessage(frame, AspV1Dialect.ProviderFrameDataType, From: provider)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException or InvalidOperationException)
        {
            // The backplane is down: the client's invocation ends by its deadline; the provider's link stays up.
        }
    }

    public ValueTask ClosedAsync(IAspV1Connection provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return directory.RemoveAsync(provider.Id, CancellationToken.None);
    }
}
