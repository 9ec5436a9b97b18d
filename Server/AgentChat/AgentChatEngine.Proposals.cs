using AgentPlatform.Protocol.AgentChat;
using AgentPlatform.Protocol.AgentChat.Messages;

namespace AgentPlatform.Server.AgentChat;

public sealed partial class AgentChatEngine
{
    /// <summary>PROPOSAL: from a keyed identity, signature verified, to a connected agent; relayed to both parties.</summary>
    private void Propose(AgentChatConnection connection, ProposalMessage proposal)
    {
        if (!Identified(connection) || !Keyed(connection, "Proposals require persistent identity") || !WithinRate(connection)) return;
        if (!Ed25519Signatures.Verify(connection.PublicKey!, proposal.SigningContent, proposal.Sig))
        {
            LogForged(_logger, connection.AgentId!, AgentChatTypes.Proposal);
            Error(connection, AgentChatErrorCodes.VerificationFailed, "Invalid proposal signature");
            return;
        }
        lock (_gate)
        {
            if (!_byId.TryGetValue(proposal.To, out var target))
            {
                Error(connection, AgentChatErrorCodes.AgentNotFound, $"Agent {proposal.To} not found");
                return;
            }
            var now = Now();
            var record = new ProposalRecord
            {
                Id = AgentChatIds.NewProposalId(now),
                From = connection.AgentId!,
                To = proposal.To,
                Task = proposal.Task,
                Amount = JavaScriptJson.IsTruthy(proposal.Amount) ? proposal.Amount : null,
                Currency = NonEmpty(proposal.Currency?.GetString()),
                PaymentCode = NonEmpty(proposal.PaymentCode?.GetString()),
                Terms = NonEmpty(proposal.Terms?.GetString()),
                Expires = proposal.Expires is { } e && e != 0 ? now + (long)(e * 1000) : null,
                Status = ProposalStatuses.Pending,
                CreatedAt = now,
                Sig = proposal.Sig,
            };
            // An ephemeral recipient has no key, so it can never answer (answers need one), as before.
            _proposals.Add(record, connection.PublicKey!, target.PublicKey ?? []);
            var frame = AgentChatWriter.Proposal(record, now);
            target.Send(frame);
            if (!ReferenceEquals(target, connection)) connection.Send(frame);
            LogProposal(_logger, record.Id, record.From, AgentChatTypes.Proposal);
        }
    }

    /// <summary>ACCEPT, REJECT, COMPLETE, DISPUTE: signature verified, rules applied, relayed to both parties.</summary>
    private void Answer(AgentChatConnection connection, ProposalReplyMessage reply)
    {
        if (!Identified(connection) || !Keyed(connection, $"{reply.Verb} requires persistent identity") || !WithinRate(connection)) return;
        if (!Ed25519Signatures.Verify(connection.PublicKey!, reply.SigningContent, reply.Sig))
        {
            LogForged(_logger, connection.AgentId!, reply.Verb);
            Error(connection, AgentChatErrorCodes.VerificationFailed, $"Invalid {reply.Verb} signature");
            return;
        }
        lock (_gate)
        {
            var by = connection.AgentId!;
            var now = Now();
            var (proposal, error) = _proposals.Apply(reply.Verb, reply.ProposalId, by, connection.PublicKey!, now);
            if (proposal is null)
            {
                Error(connection, AgentChatErrorCodes.InvalidProposal, error!);
                return;
            }
            var frame = AgentChatWriter.ProposalReply(reply.Verb, proposal.Record.Id, proposal.Status, now, by, reply.Text, reply.Sig, now);
            var other = proposal.Record.From == by ? proposal.Record.To : proposal.Record.From;
            if (_byId.TryGetValue(other, out var otherConnection) && !ReferenceEquals(otherConnection, connection)) otherConnection.Send(frame);
            connection.Send(frame);
            LogProposal(_logger, proposal.Record.Id, by, reply.Verb);
        }
    }

    private bool Keyed(AgentChatConnection connection, string message)
    {
        if (connection.PublicKey is not null) return true;
        Error(connection, AgentChatErrorCodes.SignatureRequired, message);
        return false;
    }

    private static string? NonEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
