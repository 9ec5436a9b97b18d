using System.Text.Json;

namespace AgentPlatform.Protocol.AgentChat;

/// <summary>A proposal as the server relays it (<c>PROPOSAL</c> to both parties) and stores it.</summary>
public sealed record ProposalRecord
{
    public required string Id { get; init; }
    public required string From { get; init; }
    public required string To { get; init; }
    public required string Task { get; init; }
    public JsonElement? Amount { get; init; }
    public string? Currency { get; init; }
    public string? PaymentCode { get; init; }
    public string? Terms { get; init; }

    /// <summary>When it expires (absolute, ms), or null for never.</summary>
    public long? Expires { get; init; }

    public required string Status { get; init; }
    public required long CreatedAt { get; init; }
    public required string Sig { get; init; }
}
