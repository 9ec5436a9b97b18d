using System.Net.WebSockets;
using System.Text;
using AgentPlatform.Protocol.AgentChat;
using AgentPlatform.Protocol.AgentChat.Messages;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Server.AgentChat;

public sealed partial class AgentChatEngine
{
    /// <summary>One whole frame from <paramref name="connection"/>: limits, parse, then the message's handler.</summary>
    internal void Handle(AgentChatConnection connection, ReadOnlySpan<byte> frame)
    {
        if (!WithinFrameBudget(connection)) return;
        var parsed = AgentChatParser.Parse(frame);
        if (parsed.Message is not { } message)
        {
            LogInvalid(_logger, connection.ConnectionId, frame.Length);
            Error(connection, AgentChatErrorCodes.InvalidMsg, parsed.Error!);
            return;
        }
        if (_options.LogMessages && _logger.IsEnabled(LogLevel.Information))
        {
            var text = Encoding.UTF8.GetString(frame);
            LogFrame(_logger, connection.ConnectionId, connection.AgentId, message.Type, text);
        }
        switch (message)
        {
            case IdentifyMessage identify: Identify(connection, identify); break;
            case VerifyIdentityMessage verify: Verify(connection, verify); break;
            case JoinMessage join: Join(connection, join.Channel); break;
            case LeaveMessage leave: Leave(connection, leave.Channel); break;
            case ChatMessage msg: Message(connection, msg); break;
            case ListChannelsMessage: ListChannels(connection); break;
            case ListAgentsMessage list: ListAgents(connection, list.Channel); break;
            case CreateChannelMessage create: CreateChannel(connection, create); break;
            case InviteMessage invite: Invite(connection, invite); break;
            case PingMessage: connection.Send(AgentChatWriter.Pong(Now())); break;
            case ProposalMessage proposal: Propose(connection, proposal); break;
            case ProposalReplyMessage reply: Answer(connection, reply); break;
            default: Error(connection, AgentChatErrorCodes.InvalidMsg, "Unsupported message type: " + message.Type); break;
        }
    }

    /// <summary>
    /// Every frame counts against a fixed window, then 1008: an unidentified connection gets
    /// <see cref="AgentChatServerOptions.PreAuthMaxFrames"/> per <see cref="AgentChatServerOptions.PreAuthWindow"/>, an
    /// identified one <see cref="AgentChatRateLimitOptions.MaxFrames"/> per <see cref="AgentChatRateLimitOptions.FrameWindow"/>
    /// (JOIN, LEAVE, INVITE, CREATE_CHANNEL, LIST_*, PING too: the token bucket covers only MSG and proposals).
    /// </summary>
    private bool WithinFrameBudget(AgentChatConnection connection)
    {
        var identified = connection.AgentId is not null;
        if (identified && !_options.RateLimit.Enabled) return true;
        var window = identified ? _options.RateLimit.FrameWindow : _options.PreAuthWindow;
        // Never below the MSG burst: a server configured for bursts of N MSGs must not close the Nth.
        var max = identified ? Math.Max(_options.RateLimit.MaxFrames, _options.RateLimit.Burst) : _options.PreAuthMaxFrames;
        if (identified != connection.WindowIdentified || _time.GetElapsedTime(connection.WindowStart) >= window)
        {
            // Identification starts a fresh window: the pre-auth frames do not eat into the identified budget.
            connection.WindowIdentified = identified;
            connection.WindowStart = _time.GetTimestamp();
            connection.WindowFrames = 0;
        }
        if (++connection.WindowFrames <= max) return true;
        var reason = identified ? "too many frames" : "too many frames before IDENTIFY";
        LogLimit(_logger, connection.ConnectionId, reason);
        connection.Close((int)WebSocketCloseStatus.PolicyViolation, reason);
        return false;
    }

    /// <summary>AUTH_REQUIRED unless identified.</summary>
    private bool Identified(AgentChatConnection connection)
    {
        if (connection.AgentId is not null) return true;
        Error(connection, AgentChatErrorCodes.AuthRequired, "Must IDENTIFY first");
        return false;
    }

    /// <summary>The token bucket of MSG and proposal frames: RATE_LIMITED when empty (the connection stays open).</summary>
    private bool WithinRate(AgentChatConnection connection)
    {
        if (connection.Bucket is null || connection.Bucket.TryTake()) return true;
        Error(connection, AgentChatErrorCodes.RateLimited, $"Rate limit exceeded ({_options.RateLimit.Burst} burst, {_options.RateLimit.PerSecond} per second)");
        return false;
    }
}
