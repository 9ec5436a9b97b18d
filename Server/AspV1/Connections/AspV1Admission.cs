namespace AgentPlatform.Server.AspV1.Connections;

/// <summary>What the host learned at the upgrade: whether a valid token came with it, and whose it is.</summary>
public sealed record AspV1Admission(bool Authenticated, string? UserId = null)
{
    public static AspV1Admission Anonymous { get; } = new(false);
}
