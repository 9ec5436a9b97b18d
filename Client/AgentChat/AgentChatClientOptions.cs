namespace AgentPlatform.Client.AgentChat;

/// <summary>How an <see cref="AgentChatClient"/> identifies itself and how long it waits.</summary>
public sealed class AgentChatClientOptions
{
    /// <summary>The name sent in IDENTIFY (<c>^[A-Za-z0-9_-]{1,32}$</c>); the identity's name when null.</summary>
    public string? Name { get; set; }

    /// <summary>A persistent identity: its public key is sent in IDENTIFY, it answers a login challenge and signs messages. Null: ephemeral.</summary>
    public AgentChatIdentity? Identity { get; set; }

    /// <summary>Whether MSG frames are signed (<c>ts</c> + <c>sig</c>) when an identity with a private key is set.</summary>
    public bool SignMessages { get; set; } = true;

    /// <summary>How long a request (JOIN, LIST_*, a proposal verb, the identification) waits for its answer.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// When set, a PING is sent this often while connected (listeners and daemons, which may otherwise send nothing for
    /// hours). Null: no keep-alive.
    /// </summary>
    public TimeSpan? KeepAliveInterval { get; set; }

    /// <summary>The clock of message timestamps (tests pin it).</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;
}
