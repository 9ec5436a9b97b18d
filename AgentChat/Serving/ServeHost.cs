using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using AgentPlatform.Server.AgentChat.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.AgentChat.Serving;

/// <summary>
/// The standalone AgentChat server: the Relay's engine (Server/AgentChat) on Kestrel at <c>/</c> (where 0.7.0 clients
/// connect) and at <c>/agentchat</c> (the Relay's path), logging structured JSON to stderr.
/// </summary>
public static class ServeHost
{
    public static WebApplication Build(ServeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], EnvironmentName = settings.Environment });
        var values = new Dictionary<string, string?>
        {
            ["AgentChat:ServerName"] = settings.Name,
            ["AgentChat:LogMessages"] = settings.LogMessages ? "true" : "false",
            ["AgentChat:ReplayCount"] = settings.BufferSize.ToString(CultureInfo.InvariantCulture),
        };
        if (settings.IdentityPolicy is { } policy) values["AgentChat:Identity:Policy"] = policy;
        if (settings.RateBurst is { } burst) values["AgentChat:RateLimit:Burst"] = burst.ToString(CultureInfo.InvariantCulture);
        if (settings.RatePerSecond is { } rate) values["AgentChat:RateLimit:PerSecond"] = rate.ToString(CultureInfo.InvariantCulture);
        builder.Configuration.AddInMemoryCollection(values);
        builder.Logging.ClearProviders();
        // The seed: structured JSON logs on stderr; stdout stays for the tool's own output.
        builder.Logging.AddJsonConsole(o => o.UseUtcTimestamp = true);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(settings.LogLevel);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var address = settings.Host is "0.0.0.0" or "*" ? IPAddress.Any : settings.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(settings.Host);
            kestrel.Listen(address, settings.Port, listen =>
            {
                if (settings.CertFile is { } cert) listen.UseHttps(X509Certificate2.CreateFromPemFile(cert, settings.KeyFile));
            });
        });
        builder.Services.AddAgentChatServer(builder.Configuration.GetSection("AgentChat"));
        var app = builder.Build();
        app.MapAgentChat("/");
        app.MapAgentChat("/agentchat");
        return app;
    }

    /// <summary>The URL clients use for these settings.</summary>
    public static string Url(ServeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var host = settings.Host is "0.0.0.0" or "*" ? "127.0.0.1" : settings.Host;
        return $"{(settings.CertFile is null ? "ws" : "wss")}://{host}:{settings.Port.ToString(CultureInfo.InvariantCulture)}";
    }
}
