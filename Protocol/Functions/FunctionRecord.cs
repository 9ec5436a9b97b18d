namespace AgentPlatform.Protocol.Functions;

/// <summary>
/// One record of a relay-mode invocation's streamed response body (docs/protocol/relay-functions.md,
/// "Response"): on the wire <c>[length: u32 BE][MessagePack map with key t]</c>.
/// </summary>
public abstract record FunctionRecord
{
    /// <summary>The <c>t</c> key's value.</summary>
    public abstract string Kind { get; }
}
