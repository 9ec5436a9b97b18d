namespace AgentPlatform.Protocol.AgentChat;

/// <summary>The fixed limits of the wire format (the server's tunable ones live in its options).</summary>
public static class AgentChatLimits
{
    /// <summary>Longest MSG content, in UTF-16 code units (JavaScript's <c>length</c>, which 0.7.0 checks).</summary>
    public const int MaxContentLength = 4096;

    /// <summary>Longest agent name.</summary>
    public const int MaxNameLength = 32;

    /// <summary>Longest channel name, the <c>#</c> included.</summary>
    public const int MaxChannelLength = 32;

    /// <summary>Deepest JSON nesting the parser accepts; deeper input is INVALID_MSG, not a stack overflow.</summary>
    public const int MaxDepth = 32;

    /// <summary>Longest proposal text field (task, terms, payment_code, currency), in UTF-16 code units; 0.7.0 had no bound.</summary>
    public const int MaxProposalFieldLength = 4096;
}
