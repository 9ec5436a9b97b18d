namespace AgentPlatform.Protocol.Functions;

/// <summary>
/// A relay-mode body (request, reply or response record) broke docs/protocol/relay-functions.md: the only
/// exception the contract's parsers let escape for bad input.
/// </summary>
public sealed class FunctionProtocolException : FormatException
{
    public FunctionProtocolException() { }

    public FunctionProtocolException(string message) : base(message) { }

    public FunctionProtocolException(string message, Exception innerException) : base(message, innerException) { }
}
