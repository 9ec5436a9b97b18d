using System.ComponentModel.DataAnnotations;
using System.Reflection;
using AgentPlatform.ServiceDefaults.Options;

namespace AgentPlatform.FunctionsHost;

/// <summary>Configuration section <c>FunctionsHost</c>.</summary>
public sealed class FunctionsHostOptions
{
    public const string Section = "FunctionsHost";

    /// <summary>The worker assembly to run (<c>dotnet WorkerPath</c>); its folder is the function app directory.</summary>
    [Required]
    public string WorkerPath { get; set; } = DefaultWorkerPath ?? "";

    /// <summary>How long a started worker has to dial back, initialise and load its functions.</summary>
    [DurationRange("00:00:00.001", "1.00:00:00")]
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First delay before restarting a worker that died; doubles per consecutive failure up to <see cref="MaxRestartDelay"/>.</summary>
    [DurationRange("00:00:00.001", "1.00:00:00")]
    public TimeSpan MinRestartDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    [DurationRange("00:00:00.001", "1.00:00:00")]
    public TimeSpan MaxRestartDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the host waits for the InvocationResponse after the worker's HTTP response ended.</summary>
    [DurationRange("00:00:00.001", "1.00:00:00")]
    public TimeSpan InvocationResultTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Configuration key prefixes passed to the worker as environment variables (<c>A:B</c> → <c>A__B</c>), the way the
    /// Functions host passes a Function App's app settings. The host's own environment is inherited as well.
    /// </summary>
    public IList<string> AppSettingPrefixes { get; } =
        ["ConnectionStrings", "services", "AgentPlatform", "Functions", "Agents", "WebPubSub", "Redis", "Logging", "OTEL_"];

    /// <summary>
    /// Extra app settings for the worker (the <c>Values</c> of a local.settings.json): every key under
    /// <c>FunctionsHost:AppSettings</c>, relative to it (<c>FunctionsHost:AppSettings:A:B</c> → <c>A__B</c>).
    /// </summary>
    public const string AppSettingsSection = Section + ":AppSettings";

    /// <summary>The Functions project's build output, recorded at build time (FunctionsHost.csproj).</summary>
    public static string? DefaultWorkerPath { get; } = typeof(FunctionsHostOptions).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "DefaultWorkerPath")?.Value;
}
