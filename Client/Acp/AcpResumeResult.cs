namespace AgentPlatform.Client.Acp;

/// <summary>
/// The answer to <c>_agentplatform/resume</c>: how many kept notifications were sent again, and whether some were
/// dropped because the Relay keeps at most <c>Acp:Replay:MaxMessages</c> per session.
/// </summary>
public sealed record AcpResumeResult(int Replayed, bool Truncated);
