namespace AgentPlatform.Protocol.MessagePack;

/// <summary>
/// The only exception the MessagePack reader lets escape for bad input: malformed, truncated, over a limit,
/// or of the wrong type for the member called. The message says what was expected and at which byte offset.
/// </summary>
public sealed class MessagePackException : FormatException
{
    public MessagePackException()
    {
    }

    public MessagePackException(string message) : base(message)
    {
    }

    public MessagePackException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
