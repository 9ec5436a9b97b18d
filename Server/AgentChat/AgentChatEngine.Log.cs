using Microsoft.Extensions.Logging;

namespace AgentPlatform.Server.AgentChat;

/// <summary>The engine's structured log events: ids, types, sizes; contents only with AgentChat:LogMessages.</summary>
public sealed partial class AgentChatEngine
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "AgentChat connection {ConnectionId} opened")]
    private static partial void LogConnected(ILogger logger, string connectionId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "AgentChat connection {ConnectionId} ({AgentId}) closed: {Reason}")]
    private static partial void LogDisconnected(ILogger logger, string connectionId, string? agentId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "AgentChat connection {ConnectionId} identified as {AgentId} (persistent: {Persistent})")]
    private static partial void LogIdentified(ILogger logger, string connectionId, string agentId, bool persistent);

    [LoggerMessage(Level = LogLevel.Information, Message = "AgentChat agent {AgentId} left: {Reason}")]
    private static partial void LogLeft(ILogger logger, string agentId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "AgentChat identity {AgentId} taken over: connection {OldConnectionId} replaced by {NewConnectionId}")]
    private static partial void LogTakeover(ILogger logger, string agentId, string oldConnectionId, string newConnectionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "AgentChat identity {AgentId} refused on connection {ConnectionId}: the id is bound to a different key")]
    private static partial void LogIdConflict(ILogger logger, string agentId, string connectionId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "AgentChat challenge sent on connection {ConnectionId}")]
    private static partial void LogChallenge(ILogger logger, string connectionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "AgentChat challenge on connection {ConnectionId} answered (valid: {Valid})")]
    private static partial void LogVerification(ILogger logger, string connectionId, bool valid);

    [LoggerMessage(Level = LogLevel.Debug, Message = "AgentChat invalid frame ({Bytes} bytes) on connection {ConnectionId}")]
    private static partial void LogInvalid(ILogger logger, string connectionId, int bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "AgentChat connection {ConnectionId} closed by a limit: {Limit}")]
    private static partial void LogLimit(ILogger logger, string connectionId, string limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "AgentChat {Type} from {AgentId} refused: the signature does not verify")]
    private static partial void LogForged(ILogger logger, string agentId, string type);

    [LoggerMessage(Level = LogLevel.Debug, Message = "AgentChat {AgentId} {Event} {Channel}")]
    private static partial void LogChannelEvent(ILogger logger, string agentId, string @event, string channel);

    [LoggerMessage(Level = LogLevel.Debug, Message = "AgentChat MSG {From} -> {To} ({Length} chars, signed: {Signed})")]
    private static partial void LogMessage(ILogger logger, string from, string to, int length, bool signed);

    [LoggerMessage(Level = LogLevel.Information, Message = "AgentChat {Verb} on proposal {ProposalId} by {AgentId}")]
    private static partial void LogProposal(ILogger logger, string proposalId, string agentId, string verb);

    [LoggerMessage(Level = LogLevel.Information, Message = "AgentChat frame {Type} on connection {ConnectionId} ({AgentId}): {Frame}")]
    private static partial void LogFrame(ILogger logger, string connectionId, string? agentId, string type, string frame);
}
