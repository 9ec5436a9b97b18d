namespace AgentPlatform.Relay.Upstream.Functions;

/// <summary>The asp-v1 error codes the relay-mode path produces (relay-functions.md).</summary>
public static class FunctionErrorCodes
{
    public const string UnknownAgent = "UNKNOWN_AGENT";
    public const string BadInput = "BAD_INPUT";
    public const string Conflict = "CONFLICT";
    public const string Unavailable = "FUNCTION_UNAVAILABLE";
    public const string Timeout = "TIMEOUT";
    public const string FunctionProtocol = "FUNCTION_PROTOCOL";
}
