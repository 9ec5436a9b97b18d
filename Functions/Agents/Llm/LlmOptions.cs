using System.ComponentModel.DataAnnotations;

namespace AgentPlatform.Functions.Agents.Llm;

/// <summary>Configuration section <c>Agents:Llm</c>: any OpenAI-compatible chat-completions endpoint.</summary>
public sealed class LlmOptions
{
    public const string Section = "Agents:Llm";

    /// <summary>Base URL (<c>https://host/v1</c>) or the full <c>…/chat/completions</c> URL.</summary>
    public string? Endpoint { get; set; }

    public string? ApiKey { get; set; }

    public string? Model { get; set; }

    /// <summary>How many earlier messages of the session are sent with each turn.</summary>
    [Range(0, 10_000)]
    public int MaxHistoryMessages { get; set; } = 40;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint) && !string.IsNullOrWhiteSpace(Model);

    public Uri CompletionsUri()
    {
        var endpoint = (Endpoint ?? throw new InvalidOperationException("Agents:Llm:Endpoint is not set")).TrimEnd('/');
        return new Uri(endpoint.EndsWith("/chat/completions", StringComparison.OrdinalIgnoreCase)
            ? endpoint
            : endpoint + "/chat/completions");
    }
}
