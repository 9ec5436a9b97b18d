namespace AgentPlatform.Protocol.Acp;

/// <summary>The JSON-RPC error codes ACP uses (JSON-RPC 2.0 §5.1 and the ACP schema's ErrorCode).</summary>
public static class JsonRpcErrorCodes
{
    /// <summary>Invalid JSON; answered with <c>id: null</c>, the connection stays open.</summary>
    public const int ParseError = -32700;

    /// <summary>Not a valid request object: a batch, a second initialize, a non-object.</summary>
    public const int InvalidRequest = -32600;

    /// <summary>The method does not exist or is not available.</summary>
    public const int MethodNotFound = -32601;

    public const int InvalidParams = -32602;

    public const int InternalError = -32603;

    /// <summary>ACP: authentication required.</summary>
    public const int AuthRequired = -32000;

    /// <summary>ACP: a referenced resource (a session: <c>data.sessionId</c>) does not exist or is not active here.</summary>
    public const int ResourceNotFound = -32002;

    /// <summary>ACP: the request was cancelled (<c>$/cancel_request</c>).</summary>
    public const int RequestCancelled = -32800;
}
