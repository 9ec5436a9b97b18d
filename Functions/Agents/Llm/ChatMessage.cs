namespace AgentPlatform.Functions.Agents.Llm;

/// <summary>One message of an OpenAI-style chat (<c>system</c>, <c>user</c> or <c>assistant</c>).</summary>
public sealed record ChatMessage(string Role, string Content);
