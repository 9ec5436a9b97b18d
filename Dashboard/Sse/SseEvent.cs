namespace AgentPlatform.Dashboard.Sse;

/// <summary>One dispatched Server-Sent Event (WHATWG HTML, "event stream interpretation").</summary>
/// <param name="Type">The <c>event:</c> field, or "message" when the event named none.</param>
/// <param name="Data">The <c>data:</c> lines joined with LF.</param>
/// <param name="Id">The last event ID in force when the event was dispatched (may be empty).</param>
public readonly record struct SseEvent(string Type, string Data, string Id);
