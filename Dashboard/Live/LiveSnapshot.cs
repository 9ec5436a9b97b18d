using AgentPlatform.Dashboard.State;

namespace AgentPlatform.Dashboard.Live;

/// <summary>The first event a browser receives: everything it needs to draw every view.</summary>
public sealed record LiveSnapshot(
    Overview Overview,
    IReadOnlyList<SeriesPoint> Series,
    IReadOnlyList<AgentInstance> Agents,
    IReadOnlyList<AgentHistoryEntry> History,
    IReadOnlyList<InvocationRecord> Invocations);
