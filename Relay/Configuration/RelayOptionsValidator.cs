using Microsoft.Extensions.Options;

namespace AgentPlatform.Relay.Configuration;

/// <summary>Refuses settings the Relay cannot run with, naming each key, so that it stops at start rather than at the first connection.</summary>
internal sealed class RelayOptionsValidator(IHostEnvironment environment) : IValidateOptions<RelayOptions>
{
    private static readonly TimeSpan LongestInterval = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, RelayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var limits = options.Limits;
        Positive(failures, "Relay:Limits:MaxFrameBytes", limits.MaxFrameBytes);
        Positive(failures, "Relay:Limits:MaxConcurrentInvocations", limits.MaxConcurrentInvocations);
        Positive(failures, "Relay:Limits:FrameBurst", limits.FrameBurst);
        Positive(failures, "Relay:Limits:MaxMalformedFrames", limits.MaxMalformedFrames);
        Positive(failures, "Relay:Limits:MaxRateLimitViolations", limits.MaxRateLimitViolations);
        if (!(limits.FramesPerSecond > 0) || double.IsInfinity(limits.FramesPerSecond))
        {
            failures.Add("Relay:Limits:FramesPerSecond must be a positive number (was " + limits.FramesPerSecond + ")");
        }
        Interval(failures, "Relay:Limits:IdleTimeout", limits.IdleTimeout);
        Interval(failures, "Relay:Limits:PingInterval", limits.PingInterval);
        Interval(failures, "Relay:Limits:PongTimeout", limits.PongTimeout);
        Interval(failures, "Relay:FunctionTimeout", options.FunctionTimeout);
        Interval(failures, "Relay:AckInterval", options.AckInterval);
        // Every environment but Development (Staging, a test cluster, a misspelt name) is treated as production: a
        // development convenience that slips into any of them grants every role to whoever holds the key.
        if (options.Auth.AllowSharedKey == true && !environment.IsDevelopment())
        {
            failures.Add("Relay:Auth:AllowSharedKey must not be true in " + environment.EnvironmentName
                + ": only Development accepts the shared key, which stands for one user with every role. "
                + "Give clients tokens instead (POST /v1/tokens, `agentplatform token`) and set it to false or remove it");
        }
        if (!Protocol.Auth.PlatformAccessToken.IsValidUserId(options.Auth.DevelopmentUser))
        {
            failures.Add("Relay:Auth:DevelopmentUser must be 1-256 characters without control characters");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string key, int value)
    {
        if (value <= 0) failures.Add(key + " must be greater than 0 (was " + value + ")");
    }

    private static void Interval(List<string> failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value > LongestInterval) failures.Add(key + " must be more than 0 and at most a day (was " + value + ")");
    }
}
