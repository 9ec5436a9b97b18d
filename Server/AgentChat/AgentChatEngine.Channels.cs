using AgentPlatform.Protocol.AgentChat;
using AgentPlatform.Protocol.AgentChat.Messages;

namespace AgentPlatform.Server.AgentChat;

public sealed partial class AgentChatEngine
{
    private void Join(AgentChatConnection connection, string name)
    {
        if (!Identified(connection)) return;
        lock (_gate)
        {
            if (!_channels.TryGetValue(name, out var channel))
            {
                Error(connection, AgentChatErrorCodes.ChannelNotFound, $"Channel {name} not found");
                return;
            }
            var id = connection.AgentId!;
            if (channel.InviteOnly && !channel.Invited.Contains(id))
            {
                Error(connection, AgentChatErrorCodes.NotInvited, $"Channel {name} is invite-only");
                return;
            }
            var now = Now();
            if (connection.Channels.Add(name))
            {
                Broadcast(channel, AgentChatWriter.AgentJoined(name, id, now));
                channel.Members.Add(connection);
            }
            connection.Send(AgentChatWriter.Joined(name, MemberIds(channel), now));
            foreach (var m in channel.Recent) connection.Send(AgentChatWriter.Msg(m.From, m.To, m.Content, m.Ts, m.Sig, replay: true));
        }
        LogChannelEvent(_logger, connection.AgentId!, "join", name);
    }

    private void Leave(AgentChatConnection connection, string name)
    {
        if (!Identified(connection)) return;
        lock (_gate)
        {
            if (!_channels.TryGetValue(name, out var channel))
            {
                Error(connection, AgentChatErrorCodes.ChannelNotFound, $"Channel {name} not found");
                return;
            }
            var id = connection.AgentId!;
            var now = Now();
            if (connection.Channels.Remove(name))
            {
                channel.Members.Remove(connection);
                Broadcast(channel, AgentChatWriter.AgentLeft(name, id, now));
            }
            connection.Send(AgentChatWriter.Left(name, id, now));
        }
        LogChannelEvent(_logger, connection.AgentId!, "leave", name);
    }

    private void ListChannels(AgentChatConnection connection)
    {
        lock (_gate)
        {
            var list = _channels.Values.Where(c => !c.InviteOnly).Select(c => (c.Name, c.Members.Count)).ToList();
            connection.Send(AgentChatWriter.Channels(list, Now()));
        }
    }

    /// <summary>Members of a public channel for anyone; of an invite-only one for its members and invitees only.</summary>
    private void ListAgents(AgentChatConnection connection, string name)
    {
        lock (_gate)
        {
            if (!_channels.TryGetValue(name, out var channel))
            {
                Error(connection, AgentChatErrorCodes.ChannelNotFound, $"Channel {name} not found");
                return;
            }
            if (channel.InviteOnly && (connection.AgentId is not { } id || !channel.Invited.Contains(id)))
            {
                Error(connection, AgentChatErrorCodes.NotInvited, $"Channel {name} is invite-only");
                return;
            }
            connection.Send(AgentChatWriter.Agents(name, MemberIds(channel), Now()));
        }
    }

    private void CreateChannel(AgentChatConnection connection, CreateChannelMessage create)
    {
        if (!Identified(connection)) return;
        var name = create.Channel;
        lock (_gate)
        {
            if (_channels.ContainsKey(name))
            {
                Error(connection, AgentChatErrorCodes.ChannelExists, $"Channel {name} already exists");
                return;
            }
            if (_channels.Count >= _options.MaxChannels)
            {
                Error(connection, AgentChatErrorCodes.InvalidMsg, $"Too many channels (max {_options.MaxChannels})");
                return;
            }
            var id = connection.AgentId!;
            var channel = new ChatChannel(name, create.InviteOnly);
            if (channel.InviteOnly) channel.Invited.Add(id);
            _channels[name] = channel;
            channel.Members.Add(connection);
            connection.Channels.Add(name);
            connection.Send(AgentChatWriter.Joined(name, [id], Now()));
        }
        LogChannelEvent(_logger, connection.AgentId!, create.InviteOnly ? "create-invite-only" : "create", name);
    }

    private void Invite(AgentChatConnection connection, InviteMessage invite)
    {
        if (!Identified(connection)) return;
        lock (_gate)
        {
            if (!_channels.TryGetValue(invite.Channel, out var channel))
            {
                Error(connection, AgentChatErrorCodes.ChannelNotFound, $"Channel {invite.Channel} not found");
                return;
            }
            if (!connection.Channels.Contains(invite.Channel))
            {
                Error(connection, AgentChatErrorCodes.NotInvited, $"Not a member of {invite.Channel}");
                return;
            }
            // Only an invite-only channel reads its invitations: on a public one, recording them would only grow memory.
            if (channel.InviteOnly && !channel.Invited.Contains(invite.Agent))
            {
                if (channel.Invited.Count >= _options.MaxInvitesPerChannel)
                {
                    Error(connection, AgentChatErrorCodes.InvalidMsg, $"Too many invitations to {invite.Channel} (max {_options.MaxInvitesPerChannel})");
                    return;
                }
                channel.Invited.Add(invite.Agent);
            }
            // The invitee hears of it as a DM from the inviter, as 0.7.0 does; nothing goes back to the inviter.
            if (_byId.TryGetValue(invite.Agent, out var target))
            {
                target.Send(AgentChatWriter.Msg(connection.AgentId!, invite.Agent, $"You have been invited to {invite.Channel}", Now(), null));
            }
        }
        LogChannelEvent(_logger, connection.AgentId!, "invite", invite.Channel);
    }

    /// <summary>The member ids of a channel; <c>#agents</c> also lists the platform's agents as <c>@name</c>.</summary>
    private List<string> MemberIds(ChatChannel channel)
    {
        var ids = channel.Members.Select(m => m.AgentId!).ToList();
        if (channel.Name == AgentsChannel && _platform is not null)
        {
            foreach (var name in _platform.Names.Order(StringComparer.Ordinal))
            {
                var id = "@" + name;
                if (!ids.Contains(id, StringComparer.Ordinal)) ids.Add(id);
            }
        }
        return ids;
    }

    /// <summary>Queues a frame to every member of <paramref name="channel"/>. Under the lock.</summary>
    private static void Broadcast(ChatChannel channel, byte[] frame)
    {
        foreach (var member in channel.Members) member.Send(frame);
    }
}
