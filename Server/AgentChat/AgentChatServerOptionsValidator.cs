using Microsoft.Extensions.Options;

namespace AgentPlatform.Server.AgentChat;

/// <summary>Checks the <c>AgentChat</c> section at start (ValidateOnStart), naming each bad key.</summary>
public sealed class AgentChatServerOptionsValidator : IValidateOptions<AgentChatServerOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentChatServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ServerName)) failures.Add("AgentChat:ServerName must not be empty");
        if (options.Identity.ChallengeTimeout <= TimeSpan.Zero || options.Identity.ChallengeTimeout > TimeSpan.FromHours(1)) failures.Add("AgentChat:Identity:ChallengeTimeout must be in (0, 1h]");
        if (options.RateLimit.MaxFrames < 1) failures.Add("AgentChat:RateLimit:MaxFrames must be at least 1");
        if (options.RateLimit.FrameWindow <= TimeSpan.Zero) failures.Add("AgentChat:RateLimit:FrameWindow must be positive");
        if (options.RateLimit.Burst < 1) failures.Add("AgentChat:RateLimit:Burst must be at least 1");
        if (!(options.RateLimit.PerSecond > 0) || double.IsInfinity(options.RateLimit.PerSecond)) failures.Add("AgentChat:RateLimit:PerSecond must be a positive number");
        if (options.MaxFrameBytes < 4096) failures.Add("AgentChat:MaxFrameBytes must be at least 4096");
        if (options.PreAuthMaxFrameBytes < 1024 || options.PreAuthMaxFrameBytes > options.MaxFrameBytes) failures.Add("AgentChat:PreAuthMaxFrameBytes must be in [1024, MaxFrameBytes]");
        if (options.PreAuthMaxFrames < 2) failures.Add("AgentChat:PreAuthMaxFrames must be at least 2 (IDENTIFY and VERIFY_IDENTITY)");
        if (options.PreAuthWindow <= TimeSpan.Zero) failures.Add("AgentChat:PreAuthWindow must be positive");
        if (options.IdleTimeout <= TimeSpan.Zero) failures.Add("AgentChat:IdleTimeout must be positive (or unset: no idle timeout)");
        if (options.IdentifyTimeout <= TimeSpan.Zero || options.IdentifyTimeout > TimeSpan.FromHours(1)) failures.Add("AgentChat:IdentifyTimeout must be in (0, 1h]");
        if (options.KeepAliveInterval < TimeSpan.Zero) failures.Add("AgentChat:KeepAliveInterval must not be negative");
        if (options.ReplayCount < 0 || options.ReplayCount > 1000) failures.Add("AgentChat:ReplayCount must be in [0, 1000]");
        if (options.MaxChannels < 2) failures.Add("AgentChat:MaxChannels must be at least 2");
        if (options.MaxInvitesPerChannel < 1) failures.Add("AgentChat:MaxInvitesPerChannel must be at least 1");
        if (options.MaxProposals < 1) failures.Add("AgentChat:MaxProposals must be at least 1");
        if (options.MaxQueuedBytes < options.MaxFrameBytes) failures.Add("AgentChat:MaxQueuedBytes must be at least MaxFrameBytes");
        if (options.MaxConnections < 1) failures.Add("AgentChat:MaxConnections must be at least 1");
        if (options.MaxQueuedFrames < 16) failures.Add("AgentChat:MaxQueuedFrames must be at least 16");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
