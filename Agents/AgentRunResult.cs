using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Agents;

/// <summary>What an agent returned, and how many context-save conflicts the runner resolved on the way.</summary>
public sealed record AgentRunResult(MsgPackValue? Result, int Conflicts);
