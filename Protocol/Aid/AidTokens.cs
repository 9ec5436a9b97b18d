namespace AgentPlatform.Protocol.Aid;

/// <summary>Registered AID tokens (AID specification v1.1+, "Protocol tokens" and "Auth tokens").</summary>
public static class AidTokens
{
    public const string V1 = "aid1";
    public const string V2 = "aid2";
    public const string WebSocket = "websocket";

    /// <summary>Protocol tokens a record may name.</summary>
    public static IReadOnlyList<string> Protocols { get; } = ["mcp", "a2a", "openapi", "grpc", "graphql", WebSocket, "local", "zeroconf", "ucp"];

    /// <summary>Auth tokens a record may name.</summary>
    public static IReadOnlyList<string> AuthSchemes { get; } = ["none", "pat", "apikey", "basic", "oauth2_device", "oauth2_code", "mtls", "custom"];

    /// <summary>URI schemes of <c>proto=local</c>.</summary>
    public static IReadOnlyList<string> LocalSchemes { get; } = ["docker", "npx", "pip"];

    public const int MaxDescBytes = 60;
}
