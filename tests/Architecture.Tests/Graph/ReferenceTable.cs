namespace AgentPlatform.Architecture.Tests.Graph;

/// <summary>
/// The assembly reference graph, decided once (issue 12: assemblies cut along the seams, the SignalR way). Changing a
/// row is a design decision: say why in the commit. A new product project fails the tests until it has a row.
/// </summary>
public static class ReferenceTable
{
    public static readonly IReadOnlyList<ReferenceRule> Rows =
    [
        // Every wire format, the Relay↔Functions records included: depends on nothing but the runtime.
        new("Protocol", [], Packages: [], AspNetCore: false),
        // The agent model Functions and direct-mode runtimes host.
        new("Agents", ["Protocol"]),
        // The caller SDK: a client never drags a server in.
        new("Client", ["Protocol"], Packages: ["DnsClient"], AspNetCore: false),
        // The direct-mode host: the in-process endpoint and the provider link.
        new("AgentHost", ["Protocol", "Agents", "Client", "Server"]),
        // The server engines, shared by the Relay and AgentHost (asp-v1) and by the Relay and `agentchat serve`
        // (AgentChat, issue 15): ASP.NET Core for AgentChat's one hosting API (MapAgentChat), NSec for its Ed25519
        // signatures (Protocol stays runtime-only, so the verification lives here).
        new("Server", ["Protocol"], Packages: ["NSec.Cryptography"]),
        // The Relay speaks the wire formats; it never links the caller SDK or the agent model.
        new("Relay", ["ServiceDefaults", "Protocol", "Server"]),
        new("Functions", ["ServiceDefaults", "Protocol", "Agents", "Client"]),
        new("Registry", ["ServiceDefaults", "Protocol"]),
        new("Dashboard", ["ServiceDefaults"]),
        // Builds and runs the Functions worker as a child process (the reference carries no assembly).
        new("FunctionsHost", ["ServiceDefaults", "Functions"]),
        new("Cli", ["Client"]),
        // The composition: the service projects only.
        new("AppHost", ["Registry", "FunctionsHost", "Relay", "Dashboard"]),
        new("ServiceDefaults", []),
    ];

    public static ReferenceRule? For(string project) => Rows.SingleOrDefault(r => r.Project == project);
}
