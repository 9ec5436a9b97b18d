using AgentPlatform.Client.Agenkit;

namespace AgentPlatform.AgentHost.Agenkit;

/// <summary>Endpoint text checks shared by the options.</summary>
internal static class AgenkitEndpointText
{
    public static bool IsValid(string? text) => AgenkitEndpoint.TryParse(text, out _);
}
