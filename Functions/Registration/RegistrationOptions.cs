using System.ComponentModel.DataAnnotations;
using AgentPlatform.ServiceDefaults.Options;

namespace AgentPlatform.Functions.Registration;

/// <summary>Configuration section <c>Functions:Registration</c>.</summary>
public sealed class RegistrationOptions
{
    public const string Section = "Functions:Registration";

    /// <summary>The base URL the Relay should call; defaults to the first address Kestrel listens on.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>This process's instance id in the Registry; a fresh one per process by default.</summary>
    [Required(AllowEmptyStrings = false)]
    public string InstanceId { get; set; } = "functions-" + Guid.NewGuid().ToString("N")[..12];

    [DurationRange("00:00:00.001", "1.00:00:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Set to false to run without a Registry (tests that call Functions directly).</summary>
    public bool Enabled { get; set; } = true;
}
