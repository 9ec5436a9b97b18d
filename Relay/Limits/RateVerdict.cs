namespace AgentPlatform.Relay.Limits;

/// <summary>What <see cref="MessageRateGate.Check"/> decided for one message.</summary>
public enum RateVerdict
{
    Allowed,

    /// <summary>Over the rate: the message is dropped and answered with the dialect's error.</summary>
    Refused,

    /// <summary>Over the rate more than <c>Relay:Limits:MaxRateLimitViolations</c> times: the connection closes (1008 / error envelope).</summary>
    Close,
}
