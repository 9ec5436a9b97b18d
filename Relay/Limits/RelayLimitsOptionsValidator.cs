using Microsoft.Extensions.Options;

namespace AgentPlatform.Relay.Limits;

/// <summary>Refuses admission and handshake limits the Relay cannot run with, naming each key, at start.</summary>
internal sealed class RelayLimitsOptionsValidator : IValidateOptions<RelayLimitsOptions>
{
    private static readonly TimeSpan LongestInterval = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, RelayLimitsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Positive(failures, "MaxConnections", options.MaxConnections);
        Positive(failures, "MaxConnectionsPerClient", options.MaxConnectionsPerClient);
        Positive(failures, "MaxConnectionsPerUser", options.MaxConnectionsPerUser);
        Positive(failures, "RequestBurstPerClient", options.RequestBurstPerClient);
        if (!(options.RequestsPerSecondPerClient > 0) || double.IsInfinity(options.RequestsPerSecondPerClient))
        {
            failures.Add("Relay:Limits:RequestsPerSecondPerClient must be a positive number (was " + options.RequestsPerSecondPerClient + ")");
        }
        if (!(options.MinRequestBodyBytesPerSecond >= 0) || double.IsInfinity(options.MinRequestBodyBytesPerSecond))
        {
            failures.Add("Relay:Limits:MinRequestBodyBytesPerSecond must be 0 (off) or a positive number (was " + options.MinRequestBodyBytesPerSecond + ")");
        }
        if (options.MaxRequestBodyBytes < 1024) failures.Add("Relay:Limits:MaxRequestBodyBytes must be at least 1024 (was " + options.MaxRequestBodyBytes + ")");
        Interval(failures, "RetryAfter", options.RetryAfter);
        Interval(failures, "RequestHeadersTimeout", options.RequestHeadersTimeout);
        Interval(failures, "MinRequestBodyGracePeriod", options.MinRequestBodyGracePeriod);
        // Kestrel checks data rates on its 1 s heartbeat and refuses a grace period that is not longer.
        if (options.MinRequestBodyGracePeriod <= TimeSpan.FromSeconds(1))
        {
            failures.Add("Relay:Limits:MinRequestBodyGracePeriod must be longer than 1 second (was " + options.MinRequestBodyGracePeriod + ")");
        }
        Interval(failures, "HandshakeTimeout", options.HandshakeTimeout);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string key, int value)
    {
        if (value <= 0) failures.Add("Relay:Limits:" + key + " must be greater than 0 (was " + value + ")");
    }

    private static void Interval(List<string> failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value > LongestInterval) failures.Add("Relay:Limits:" + key + " must be more than 0 and at most a day (was " + value + ")");
    }
}
