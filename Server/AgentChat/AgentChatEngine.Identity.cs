using System.Net.WebSockets;
using AgentPlatform.Protocol.AgentChat;
using AgentPlatform.Protocol.AgentChat.Messages;

namespace AgentPlatform.Server.AgentChat;

public sealed partial class AgentChatEngine
{
    private void Identify(AgentChatConnection connection, IdentifyMessage identify)
    {
        if (connection.AgentId is not null)
        {
            Error(connection, AgentChatErrorCodes.InvalidMsg, "Already identified");
            return;
        }
        if (identify.Pubkey is null)
        {
            string id;
            lock (_gate)
            {
                do id = AgentChatIds.NewEphemeral(); while (_byId.ContainsKey(id) || _boundKeys.ContainsKey(id));
                Welcome(connection, id, identify.Name, null, null);
            }
            return;
        }
        if (Policy == IdentityPolicy.Seed)
        {
            lock (_gate) Welcome(connection, AgentChatIds.FromPublicKey(identify.Pubkey), identify.Name, identify.Pubkey, identify.PublicKey);
            return;
        }
        lock (_gate)
        {
            if (connection.Challenge is not null)
            {
                Error(connection, AgentChatErrorCodes.InvalidMsg, "Challenge already pending");
                return;
            }
            var now = Now();
            var challenge = new PendingChallenge(AgentChatIds.NewChallengeId(now), AgentChatIds.NewNonce(), identify.Name, identify.Pubkey, identify.PublicKey!,
                now + (long)_options.Identity.ChallengeTimeout.TotalMilliseconds);
            challenge.Timer = _time.CreateTimer(static s =>
            {
                var (engine, c, ch) = ((AgentChatEngine, AgentChatConnection, PendingChallenge))s!;
                engine.ChallengeExpired(c, ch);
            }, (this, connection, challenge), _options.Identity.ChallengeTimeout, Timeout.InfiniteTimeSpan);
            connection.Challenge = challenge;
            connection.Send(AgentChatWriter.Challenge(challenge.ChallengeId, challenge.Nonce, challenge.ExpiresAt, now));
        }
        LogChallenge(_logger, connection.ConnectionId);
    }

    private void ChallengeExpired(AgentChatConnection connection, PendingChallenge challenge)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(connection.Challenge, challenge) || connection.AgentId is not null) return;
            connection.Challenge = null;
            Error(connection, AgentChatErrorCodes.VerificationExpired, "Challenge expired");
        }
        connection.Close((int)WebSocketCloseStatus.NormalClosure, "Challenge expired");
    }

    private void Verify(AgentChatConnection connection, VerifyIdentityMessage verify)
    {
        PendingChallenge? challenge;
        lock (_gate)
        {
            if (connection.AgentId is not null)
            {
                Error(connection, AgentChatErrorCodes.InvalidMsg, "Already identified");
                return;
            }
            challenge = connection.Challenge;
            if (challenge is null || challenge.ChallengeId != verify.ChallengeId || Now() > challenge.ExpiresAt)
            {
                Error(connection, AgentChatErrorCodes.VerificationExpired, "Challenge not found or expired");
                return;
            }
        }
        // Outside the lock: verification is the expensive step.
        var valid = Ed25519Signatures.Verify(challenge.PublicKey, AgentChatSigning.Auth(challenge.Nonce, challenge.ChallengeId, verify.Timestamp), verify.Signature);
        lock (_gate)
        {
            if (!ReferenceEquals(connection.Challenge, challenge)) return;
            connection.Challenge = null;
            challenge.Timer?.Dispose();
            if (!valid)
            {
                // The challenge is spent either way; the client may IDENTIFY again.
                Error(connection, AgentChatErrorCodes.VerificationFailed, "Invalid signature");
                LogVerification(_logger, connection.ConnectionId, false);
                return;
            }
            Welcome(connection, AgentChatIds.FromPublicKey(challenge.Pubkey), challenge.Name, challenge.Pubkey, challenge.PublicKey);
        }
        LogVerification(_logger, connection.ConnectionId, true);
    }

    /// <summary>
    /// Assigns the id (taking it from an older connection holding it with the same key) and sends WELCOME. Under the
    /// lock. An id is only 32 bits of a hash of the PEM text, and the parser accepts many texts of one key, so a
    /// different key reaching a held (or once bound) id is a collision someone searched for: it is refused with
    /// VERIFICATION_FAILED, never allowed to kick the holder.
    /// </summary>
    private void Welcome(AgentChatConnection connection, string id, string name, string? pubkey, byte[]? publicKey)
    {
        var held = _byId.TryGetValue(id, out var old) && !ReferenceEquals(old, connection);
        var conflict = held && !SameKey(old!.PublicKey, publicKey)
            || publicKey is not null && _boundKeys.TryGetValue(id, out var bound) && !SameKey(bound, publicKey);
        if (conflict)
        {
            LogIdConflict(_logger, id, connection.ConnectionId);
            Error(connection, AgentChatErrorCodes.VerificationFailed, $"Agent id {id} is bound to a different key");
            return;
        }
        if (publicKey is not null && _boundKeys.Count < MaxBoundKeys) _boundKeys.TryAdd(id, publicKey);
        if (held)
        {
            LogTakeover(_logger, id, old!.ConnectionId, connection.ConnectionId);
            Error(old, AgentChatErrorCodes.InvalidMsg, "Disconnected: Another connection claimed this identity");
            DepartLocked(old);
            old.Close((int)WebSocketCloseStatus.NormalClosure, "Identity claimed by new connection");
        }
        connection.AgentId = id;
        connection.Name = name;
        connection.Pubkey = pubkey;
        connection.PublicKey = publicKey;
        _byId[id] = connection;
        connection.Send(AgentChatWriter.Welcome(id, _options.ServerName, Now()));
        LogIdentified(_logger, connection.ConnectionId, id, pubkey is not null);
        foreach (var observer in _observers) observer.Identified(connection);
    }

    private static bool SameKey(byte[]? a, byte[]? b) => a is not null && b is not null && a.AsSpan().SequenceEqual(b);

    /// <summary>The connection is gone: it leaves its channels (AGENT_LEFT to the others) and frees its id.</summary>
    private void Depart(AgentChatConnection connection, string reason)
    {
        string? agentId;
        lock (_gate)
        {
            agentId = connection.Departed ? null : connection.AgentId;
            DepartLocked(connection);
            connection.Challenge?.Timer?.Dispose();
            connection.Challenge = null;
        }
        if (agentId is not null)
        {
            LogLeft(_logger, agentId, reason);
            _platform?.Disconnected(agentId);
        }
    }

    private void DepartLocked(AgentChatConnection connection)
    {
        if (connection.Departed) return;
        connection.Departed = true;
        if (connection.AgentId is not { } id) return;
        var now = Now();
        foreach (var name in connection.Channels)
        {
            if (!_channels.TryGetValue(name, out var channel)) continue;
            channel.Members.Remove(connection);
            Broadcast(channel, AgentChatWriter.AgentLeft(name, id, now));
        }
        connection.Channels.Clear();
        if (_byId.TryGetValue(id, out var holder) && ReferenceEquals(holder, connection)) _byId.Remove(id);
    }
}
