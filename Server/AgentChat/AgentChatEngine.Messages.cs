using AgentPlatform.Protocol.AgentChat;
using AgentPlatform.Protocol.AgentChat.Messages;

namespace AgentPlatform.Server.AgentChat;

public sealed partial class AgentChatEngine
{
    /// <summary>
    /// MSG: to a channel's members (sender included, kept for replay) or to one agent (and echoed to the sender). A
    /// signed MSG is verified against the sender's key over <c>JSON.stringify({to,content,ts})</c> and delivered with
    /// the client's own <c>ts</c>, so any recipient can verify it from the frame alone; a signature that does not
    /// verify (or one from an agent without a key) is refused with VERIFICATION_FAILED and delivered to nobody.
    /// </summary>
    private void Message(AgentChatConnection connection, ChatMessage msg)
    {
        if (!Identified(connection) || !WithinRate(connection)) return;
        long ts;
        if (msg.Sig is { } sig)
        {
            if (connection.PublicKey is not { } key)
            {
                Error(connection, AgentChatErrorCodes.VerificationFailed, "Signed message from an identity without a public key");
                return;
            }
            if (!Ed25519Signatures.Verify(key, AgentChatSigning.Message(msg.To, msg.Content, msg.Ts!.Value), sig))
            {
                LogForged(_logger, connection.AgentId!, AgentChatTypes.Msg);
                Error(connection, AgentChatErrorCodes.VerificationFailed, "Invalid signature");
                return;
            }
            ts = msg.Ts.Value;
        }
        else
        {
            ts = Now();
        }
        var from = connection.AgentId!;
        if (AgentChatNames.IsChannel(msg.To))
        {
            lock (_gate)
            {
                if (!_channels.TryGetValue(msg.To, out var channel))
                {
                    Error(connection, AgentChatErrorCodes.ChannelNotFound, $"Channel {msg.To} not found");
                    return;
                }
                if (!connection.Channels.Contains(msg.To))
                {
                    Error(connection, AgentChatErrorCodes.NotInvited, $"Not a member of {msg.To}");
                    return;
                }
                Broadcast(channel, AgentChatWriter.Msg(from, msg.To, msg.Content, ts, msg.Sig));
                channel.Recent.Enqueue(new StoredMessage(from, msg.To, msg.Content, ts, msg.Sig));
                while (channel.Recent.Count > _options.ReplayCount) channel.Recent.Dequeue();
            }
            LogMessage(_logger, from, msg.To, msg.Content.Length, msg.Sig is not null);
            return;
        }
        var platformName = msg.To[1..];
        lock (_gate)
        {
            if (_byId.TryGetValue(msg.To, out var target))
            {
                var frame = AgentChatWriter.Msg(from, msg.To, msg.Content, ts, msg.Sig);
                target.Send(frame);
                if (!ReferenceEquals(target, connection)) connection.Send(frame);
                platformName = null;
            }
            else if (_platform is null || !_platform.Knows(platformName))
            {
                Error(connection, AgentChatErrorCodes.AgentNotFound, $"Agent {msg.To} not found");
                return;
            }
            else if (!connection.PlatformAccess(platformName))
            {
                Error(connection, AgentChatErrorCodes.AuthRequired, $"Agent {msg.To} is a platform agent: connect with the agent-socket token to message it");
                return;
            }
            else
            {
                connection.Send(AgentChatWriter.Msg(from, msg.To, msg.Content, ts, msg.Sig));
            }
        }
        LogMessage(_logger, from, msg.To, msg.Content.Length, msg.Sig is not null);
        if (platformName is not null) _platform!.Deliver(from, platformName, msg.Content, this);
    }

    /// <inheritdoc />
    public bool SendDirect(string fromName, string recipient, string content)
    {
        ArgumentNullException.ThrowIfNull(fromName);
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(content);
        lock (_gate)
        {
            if (!_byId.TryGetValue(recipient, out var target) || target.IsClosing) return false;
            return target.Send(AgentChatWriter.Msg("@" + fromName, recipient, content, Now(), null));
        }
    }
}
