using AgentPlatform.Protocol.AspV1;

namespace AgentPlatform.Client.Agents;

/// <summary>The ERROR codes agents raise most, for agent authors (the full list is <see cref="AspErrorCodes"/>).</summary>
public static class AgentErrorCodes
{
    public const string BadInput = AspErrorCodes.BadInput;
    public const string UnknownAgent = AspErrorCodes.UnknownAgent;
    public const string Conflict = AspErrorCodes.Conflict;
    public const string FunctionUnavailable = AspErrorCodes.FunctionUnavailable;
    public const string FunctionProtocol = AspErrorCodes.FunctionProtocol;
    public const string Interrupted = AspErrorCodes.Interrupted;
    public const string Timeout = AspErrorCodes.Timeout;
    public const string Internal = AspErrorCodes.Internal;
}
