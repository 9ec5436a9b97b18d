using System.Text.Json;

namespace AgentPlatform.Protocol.AgentChat.Messages;

/// <summary>
/// <c>PROPOSAL {to, task, amount?, currency?, payment_code?, terms?, expires?, sig}</c>. The optional fields keep their
/// JSON values (a client may send amount as a number or a string), because the signature covers their JavaScript text.
/// </summary>
public sealed record ProposalMessage(
    string To,
    string Task,
    JsonElement? Amount,
    JsonElement? Currency,
    JsonElement? PaymentCode,
    JsonElement? Terms,
    double? Expires,
    string Sig) : AgentChatClientMessage
{
    public override string Type => AgentChatTypes.Proposal;

    /// <summary>The string the sender signed (<see cref="AgentChatSigning.Proposal"/>).</summary>
    public string SigningContent => AgentChatSigning.Proposal(To, Task, Amount, Currency, PaymentCode, Expires);
}
