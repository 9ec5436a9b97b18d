namespace AgentPlatform.Protocol.AgentChat.Messages;

/// <summary>One validated client → server frame (<see cref="AgentChatParser"/>). Unknown fields are ignored, as 0.7.0 does.</summary>
public abstract record AgentChatClientMessage
{
    /// <summary>The frame's <c>type</c> (<see cref="AgentChatTypes"/>).</summary>
    public abstract string Type { get; }
}
