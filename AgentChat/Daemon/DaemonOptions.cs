using AgentPlatform.Client.AgentChat;

namespace AgentPlatform.AgentChat.Daemon;

/// <summary>What one daemon connects to, as whom, and where its files are.</summary>
public sealed class DaemonOptions
{
    public required Uri Server { get; init; }

    public required DaemonPaths Paths { get; init; }

    /// <summary>The identity (null: ephemeral, under <see cref="Name"/>).</summary>
    public AgentChatIdentity? Identity { get; init; }

    /// <summary>The IDENTIFY name when there is no identity.</summary>
    public string? Name { get; init; }

    /// <summary>Channels joined on every (re)connection.</summary>
    public IReadOnlyList<string> Channels { get; init; } = ["#general", "#agents"];

    /// <summary>Where receipts, proposals and ratings are kept (<c>.agentchat</c>).</summary>
    public string StateDir { get; init; } = ".agentchat";

    /// <summary>How often the outbox is read.</summary>
    public TimeSpan OutboxPoll { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The first reconnect delay (doubling up to <see cref="MaxReconnectDelay"/>).</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Lines kept in the inbox.</summary>
    public int InboxCapacity { get; init; } = 1000;

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
