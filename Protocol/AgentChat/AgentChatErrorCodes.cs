namespace AgentPlatform.Protocol.AgentChat;

/// <summary>The <c>code</c> of an <c>ERROR</c> frame. The first five are the seed's; the rest are what 0.7.0 and the challenge add.</summary>
public static class AgentChatErrorCodes
{
    public const string AuthRequired = "AUTH_REQUIRED";
    public const string ChannelNotFound = "CHANNEL_NOT_FOUND";
    public const string NotInvited = "NOT_INVITED";
    public const string InvalidMsg = "INVALID_MSG";
    public const string RateLimited = "RATE_LIMITED";
    public const string AgentNotFound = "AGENT_NOT_FOUND";
    public const string ChannelExists = "CHANNEL_EXISTS";
    public const string InvalidProposal = "INVALID_PROPOSAL";
    public const string SignatureRequired = "SIGNATURE_REQUIRED";

    /// <summary>A signature (MSG, proposal verb, VERIFY_IDENTITY) that does not verify against the sender's key.</summary>
    public const string VerificationFailed = "VERIFICATION_FAILED";

    /// <summary>A VERIFY_IDENTITY for an unknown or expired challenge, or a challenge left unanswered past its deadline.</summary>
    public const string VerificationExpired = "VERIFICATION_EXPIRED";
}
