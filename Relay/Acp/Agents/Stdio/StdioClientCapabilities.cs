using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Acp;

namespace AgentPlatform.Relay.Acp.Agents.Stdio;

/// <summary>
/// What one client declared in its own <c>initialize</c> (<c>clientCapabilities</c>). The Relay tells the agent it can do
/// all of it (it is the agent's one client), then answers an agent request the owning client cannot take with -32601.
/// </summary>
public sealed record StdioClientCapabilities(bool ReadTextFile, bool WriteTextFile, bool Terminal)
{
    /// <summary>Reads <c>params.clientCapabilities</c> of an initialize request; anything but <c>true</c> is not declared.</summary>
    public static StdioClientCapabilities From(JsonNode? initializeParams)
    {
        var capabilities = (initializeParams as JsonObject)?["clientCapabilities"] as JsonObject;
        var fs = capabilities?["fs"] as JsonObject;
        return new StdioClientCapabilities(IsTrue(fs?["readTextFile"]), IsTrue(fs?["writeTextFile"]), IsTrue(capabilities?["terminal"]));
    }

    /// <summary>False for a client method that needs a capability this client did not declare.</summary>
    public bool Allows(string method)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (method == AcpMethods.FsReadTextFile) return ReadTextFile;
        if (method == AcpMethods.FsWriteTextFile) return WriteTextFile;
        if (method.StartsWith(AcpMethods.TerminalPrefix, StringComparison.Ordinal)) return Terminal;
        return true;
    }

    private static bool IsTrue(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var b) && b;
}
