namespace AgentPlatform.Protocol.AgentChat;

/// <summary>Validation of names, channels and targets, as 0.7.0 checks them (ASCII letters, digits, <c>_</c>, <c>-</c>).</summary>
public static class AgentChatNames
{
    /// <summary>An agent name: 1-32 of <c>[A-Za-z0-9_-]</c>.</summary>
    public static bool IsValidName(string? name) =>
        name is { Length: >= 1 and <= AgentChatLimits.MaxNameLength } && AllNameChars(name.AsSpan());

    /// <summary>A channel: <c>#</c> then 1-31 of <c>[A-Za-z0-9_-]</c>.</summary>
    public static bool IsValidChannel(string? channel) =>
        channel is { Length: >= 2 and <= AgentChatLimits.MaxChannelLength } && channel[0] == '#' && AllNameChars(channel.AsSpan(1));

    /// <summary>A channel target (starts with <c>#</c>); full validity is <see cref="IsValidChannel"/>.</summary>
    public static bool IsChannel(string? target) => target is { Length: > 0 } && target[0] == '#';

    /// <summary>An agent target (starts with <c>@</c>).</summary>
    public static bool IsAgent(string? target) => target is { Length: > 0 } && target[0] == '@';

    private static bool AllNameChars(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-')) return false;
        }
        return true;
    }
}
