namespace AgentPlatform.Server.Delivery;

/// <summary>Who may resume a reliable session: the resume token alone is not enough when both sides name a user.</summary>
public static class SessionUsers
{
    /// <summary>
    /// True unless the session and the resuming credential both name a user and the users differ. Only where no
    /// credential names a user (a host without tokens, such as AgentHost's in-process endpoint) does the resume token
    /// alone decide; the Relay's development key names its development user, so it resumes only that user's sessions.
    /// </summary>
    public static bool MayResume(string? sessionUser, string? resumingUser) =>
        sessionUser is null || resumingUser is null || string.Equals(sessionUser, resumingUser, StringComparison.Ordinal);
}
