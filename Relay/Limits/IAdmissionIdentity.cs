namespace AgentPlatform.Relay.Limits;

/// <summary>
/// The hook through which an authenticated identity joins admission: when registered, the user id it names for a
/// request is counted against <see cref="RelayLimitsOptions.MaxConnectionsPerUser"/> beside the remote address.
/// </summary>
public interface IAdmissionIdentity
{
    /// <summary>The user id of the request, or null when it has none (only the remote address is counted then).</summary>
    string? UserOf(HttpContext context);
}
