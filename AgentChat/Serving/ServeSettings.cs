namespace AgentPlatform.AgentChat.Serving;

/// <summary>What <c>agentchat serve</c> was asked for (the reference's flags, plus the identity policy and rate limit).</summary>
public sealed record ServeSettings
{
    public int Port { get; init; } = 6667;
    public string Host { get; init; } = "0.0.0.0";
    public string Name { get; init; } = "agentchat";
    public bool LogMessages { get; init; }
    public string? CertFile { get; init; }
    public string? KeyFile { get; init; }
    public int BufferSize { get; init; } = 20;

    /// <summary><c>seed</c> or <c>challenge</c>; null leaves the engine's default (seed in Development, challenge elsewhere).</summary>
    public string? IdentityPolicy { get; init; }

    /// <summary>The lowest level logged (Information: connections, joins; Warning: only trouble).</summary>
    public Microsoft.Extensions.Logging.LogLevel LogLevel { get; init; } = Microsoft.Extensions.Logging.LogLevel.Information;

    public int? RateBurst { get; init; }
    public double? RatePerSecond { get; init; }

    /// <summary>The host environment (Production unless ASPNETCORE_ENVIRONMENT / DOTNET_ENVIRONMENT or --environment say otherwise).</summary>
    public string? Environment { get; init; }
}
