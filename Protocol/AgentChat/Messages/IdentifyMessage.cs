namespace AgentPlatform.Protocol.AgentChat.Messages;

/// <summary><c>IDENTIFY {name, pubkey?}</c>; <see cref="PublicKey"/> holds the raw key of a valid Ed25519 SPKI PEM.</summary>
public sealed record IdentifyMessage(string Name, string? Pubkey, byte[]? PublicKey) : AgentChatClientMessage
{
    public override string Type => AgentChatTypes.Identify;
}
