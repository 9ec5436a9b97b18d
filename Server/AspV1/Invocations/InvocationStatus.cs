namespace AgentPlatform.Server.AspV1.Invocations;

/// <summary>How an invocation ended (the <c>outcome</c> tag of the invocation metrics, the admin record's status).</summary>
public static class InvocationStatus
{
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Interrupted = "interrupted";
}
