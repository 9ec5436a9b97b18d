using System.Text.Json.Nodes;
using AgentPlatform.Agents;
using AgentPlatform.Client.Agenkit;
using AgentPlatform.Protocol.Agenkit;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.AgentHost.Agenkit;

/// <summary>
/// A <see cref="RemoteAgent"/> as an <see cref="IAgent"/> (seed 003 §5.2: the remote agent is a drop-in for a local
/// one): an agenkit agent elsewhere (agenkit's own Python LocalAgent included) can then be served by any host of
/// the platform, behind an AgentProvider, a LocalAgent or Functions. The input goes out as the message content with
/// the session in <c>metadata.session_id</c>; each stream_chunk's content comes back as one chunk.
/// </summary>
public sealed class RemoteAgentAdapter(RemoteAgent remote, AgentDescriptor? descriptor = null) : IAgent
{
    public string Name => remote.Name;

    public AgentDescriptor Describe() => descriptor ?? new AgentDescriptor
    {
        Name = remote.Name,
        Description = "agenkit agent at " + remote.Endpoint,
        Capabilities = ["stream"],
    };

    public async ValueTask<MsgPackValue?> InvokeAsync(AgentInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var message = new AgenkitMessage("user", MsgPackJson.ToJsonNode(invocation.Input),
            new JsonObject { [AgenkitAgentMapping.SessionKey] = invocation.Call.Session }, AgenkitProtocol.FormatTimestamp(DateTimeOffset.UtcNow));
        try
        {
            await foreach (var chunk in remote.StreamAsync(message, cancellationToken).ConfigureAwait(false))
            {
                await invocation.WriteChunkAsync(MsgPackJson.FromJsonNode(chunk.Content), cancellationToken).ConfigureAwait(false);
            }
            return null;
        }
        catch (AgenkitRemoteException ex)
        {
            throw ToAgentException(ex);
        }
    }

    /// <summary>The platform error for an agenkit one: the inverse of <see cref="AgenkitAgentMapping.Error"/> where one exists.</summary>
    public static AgentException ToAgentException(AgenkitRemoteException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.Code switch
        {
            AgenkitErrorCodes.AgentNotFound => new AgentException(AspErrorCodes.UnknownAgent, exception.Message),
            AgenkitErrorCodes.AgentTimeout => new AgentException(AspErrorCodes.Timeout, exception.Message, retryable: true),
            _ when exception.Retryable => new AgentException(AspErrorCodes.FunctionUnavailable, exception.Message, retryable: true),
            AgenkitErrorCodes.MalformedPayload or AgenkitErrorCodes.InvalidMessage => new AgentException(AspErrorCodes.BadInput, exception.Message),
            _ => new AgentException(AspErrorCodes.Internal, exception.Message),
        };
    }
}
