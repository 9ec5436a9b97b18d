using System.Net;
using AgentPlatform.Protocol.Agenkit;

namespace AgentPlatform.Relay.Agenkit;

/// <summary>Binds and validates <see cref="AgenkitOptions"/> at start-up: a bad value stops the Relay with its key named.</summary>
public static class AgenkitOptionsReader
{
    public static AgenkitOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(AgenkitOptions.Section);
        var defaults = new AgenkitOptions();
        var options = new AgenkitOptions
        {
            UnixSocket = Blank(section["UnixSocket"]),
            TcpPort = section.GetValue<int?>("TcpPort"),
            TcpHost = Blank(section["TcpHost"]) ?? defaults.TcpHost,
            CertificatePath = Blank(section["CertificatePath"]),
            CertificateKeyPath = Blank(section["CertificateKeyPath"]),
            CertificatePassword = Blank(section["CertificatePassword"]),
            MaxFrameBytes = section.GetValue("MaxFrameBytes", defaults.MaxFrameBytes),
            MaxConnections = section.GetValue("MaxConnections", defaults.MaxConnections),
            MaxInFlight = section.GetValue("MaxInFlight", defaults.MaxInFlight),
            RequestTimeout = section.GetValue("RequestTimeout", defaults.RequestTimeout),
            IdleTimeout = section.GetValue("IdleTimeout", defaults.IdleTimeout),
            HeartbeatInterval = section.GetValue("HeartbeatInterval", defaults.HeartbeatInterval),
            HeartbeatTimeout = section.GetValue("HeartbeatTimeout", defaults.HeartbeatTimeout),
            PruneInterval = section.GetValue("PruneInterval", defaults.PruneInterval),
            MessagePack = section.GetValue("MessagePack", defaults.MessagePack),
            RequireToken = section.GetValue<bool?>("RequireToken"),
        };
        var errors = Validate(options);
        if (errors.Count > 0) throw new InvalidOperationException("Invalid " + AgenkitOptions.Section + " settings: " + string.Join("; ", errors));
        return options;
    }

    /// <summary>
    /// Resolves what depends on the environment: <see cref="AgenkitOptions.RequireToken"/> unset is false in Development
    /// (TCP open, as before) and true anywhere else. An explicit false with the TCP listener on is refused outside
    /// Development (the key is named and the fix said): any TCP peer could then act as any agent without a token.
    /// </summary>
    public static AgenkitOptions ForEnvironment(AgenkitOptions options, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var development = environment.IsDevelopment();
        if (options.RequireToken is null) return options with { RequireToken = !development };
        if (options.RequireToken == false && options.TcpPort is not null && !development)
        {
            throw new InvalidOperationException("Invalid " + AgenkitOptions.Section + " settings: " + AgenkitOptions.Section
                + ":RequireToken must not be false in " + environment.EnvironmentName + " while the TCP listener is on ("
                + AgenkitOptions.Section + ":TcpPort): only Development serves TCP peers without a token. Give agenkit clients "
                + "platform access tokens (POST /v1/tokens, `agentplatform token`) and set it to true or remove it, or use the Unix socket only");
        }
        return options;
    }

    /// <summary>Every problem with <paramref name="options"/>, each naming its key.</summary>
    public static IReadOnlyList<string> Validate(AgenkitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.TcpPort is < 0 or > 65535) errors.Add("TcpPort must be 0-65535");
        if (!IPAddress.TryParse(options.TcpHost, out _)) errors.Add("TcpHost must be an IP address");
        if (options.UnixSocket is { } path && !Path.IsPathFullyQualified(path)) errors.Add("UnixSocket must be an absolute path");
        // sun_path holds 108 bytes with its terminator.
        if (options.UnixSocket is { Length: > 107 }) errors.Add("UnixSocket must be at most 107 characters");
        if (options.CertificateKeyPath is not null && options.CertificatePath is null) errors.Add("CertificateKeyPath needs CertificatePath");
        if (options.CertificatePath is { } cert && !File.Exists(cert)) errors.Add("CertificatePath does not exist");
        if (options.MaxFrameBytes is < 1024 or > int.MaxValue - AgenkitProtocol.HeaderLength) errors.Add("MaxFrameBytes must be at least 1024");
        if (options.MaxConnections < 1) errors.Add("MaxConnections must be at least 1");
        if (options.MaxInFlight < 1) errors.Add("MaxInFlight must be at least 1");
        Positive(errors, "RequestTimeout", options.RequestTimeout);
        Positive(errors, "IdleTimeout", options.IdleTimeout);
        Positive(errors, "HeartbeatInterval", options.HeartbeatInterval);
        Positive(errors, "PruneInterval", options.PruneInterval);
        if (options.HeartbeatTimeout <= options.HeartbeatInterval) errors.Add("HeartbeatTimeout must be longer than HeartbeatInterval");
        return errors;
    }

    private static void Positive(List<string> errors, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero) errors.Add(key + " must be positive");
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
