namespace AgentPlatform.Server.Delivery;

/// <summary>Who may resume a reliable session: the resume token alone is not enough when both sides name a user.</summary>
public static class SessionUsers
{
    /// <summary>
    /// True unless the session and the resuming credential both name a user and the users differ. A session opened
    /// without a user (the development key, an anonymous in-process host) and a resume with the access key (no user: the
    /// key holder may act for anyone) are decided by the resume token alone.
    /// </summary>
    public static bool MayResume(string? sessionUser, string? resumingUser) =>
        sessionUser is null || resumingUser is null || string.Equals(sessionUser, resumingUser, StringComparison.Ordinal);
}
