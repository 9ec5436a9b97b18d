namespace AgentPlatform.Dashboard.Telemetry;

/// <summary>Structured log events of the dashboard; never message contents or keys.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Watching {Service} at {BaseUrl}")]
    public static partial void Watching(ILogger logger, string service, Uri baseUrl);

    [LoggerMessage(2, LogLevel.Warning, "{Service} is not configured (services:{Service}:http:0); its views stay empty")]
    public static partial void NotConfigured(ILogger logger, string service);

    [LoggerMessage(3, LogLevel.Warning, "Stream {Stream} dropped; reconnecting in {Delay}")]
    public static partial void StreamDropped(ILogger logger, string stream, TimeSpan delay, Exception exception);

    [LoggerMessage(4, LogLevel.Information, "Stream {Stream} connected")]
    public static partial void StreamConnected(ILogger logger, string stream);

    [LoggerMessage(5, LogLevel.Warning, "Poll of {Source} failed: {Reason}")]
    public static partial void PollFailed(ILogger logger, string source, string reason);

    [LoggerMessage(6, LogLevel.Warning, "Ignored a malformed {Event} event from {Stream}")]
    public static partial void MalformedEvent(ILogger logger, string @event, string stream, Exception exception);

    [LoggerMessage(7, LogLevel.Information, "Service {Service} is now {Status}")]
    public static partial void HealthChanged(ILogger logger, string service, string status);
}
