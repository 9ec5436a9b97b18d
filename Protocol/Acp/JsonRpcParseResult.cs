namespace AgentPlatform.Protocol.Acp;

/// <summary>What <see cref="JsonRpcParser.Parse(System.ReadOnlySpan{byte})"/> made of one text frame or body: a message, or the error response to send.</summary>
public readonly record struct JsonRpcParseResult(JsonRpcMessage? Message, JsonRpcMessage? ErrorResponse)
{
    public bool Success => Message is not null;
}
