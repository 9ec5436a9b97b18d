namespace AgentPlatform.Server.AgentChat;

/// <summary>How an IDENTIFY carrying a public key is trusted (<c>AgentChat:Identity:Policy</c>).</summary>
public enum IdentityPolicy
{
    /// <summary>
    /// As 0.7.0 (the seed): the claimed key is accepted and its id assigned at once. Every seed-era client works, but
    /// anyone who knows a public key can take over that agent's id (and kick its owner off).
    /// </summary>
    Seed,

    /// <summary>
    /// As later reference versions: a pubkey IDENTIFY gets a CHALLENGE that must be answered by VERIFY_IDENTITY signed
    /// with the private key within the timeout. Ids cannot be hijacked; seed-era clients with a key cannot log in.
    /// </summary>
    Challenge,
}
