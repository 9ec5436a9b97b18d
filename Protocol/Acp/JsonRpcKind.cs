namespace AgentPlatform.Protocol.Acp;

/// <summary>The three shapes of a JSON-RPC 2.0 message ACP uses (it has no batches).</summary>
public enum JsonRpcKind
{
    /// <summary><c>{jsonrpc, id, method, params?}</c>: the peer answers it with a response of the same id.</summary>
    Request,

    /// <summary><c>{jsonrpc, method, params?}</c>: no id, no answer.</summary>
    Notification,

    /// <summary><c>{jsonrpc, id, result}</c> or <c>{jsonrpc, id, error: {code, message, data?}}</c>.</summary>
    Response,
}
