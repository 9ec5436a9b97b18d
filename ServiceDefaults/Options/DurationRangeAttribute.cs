using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace AgentPlatform.ServiceDefaults.Options;

/// <summary>
/// Bounds a <see cref="TimeSpan"/> option. Replaces <see cref="RangeAttribute"/> with a TimeSpan operand type and string bounds: that
/// attribute converts its string bounds lazily and overwrites them on first use, so two hosts validating
/// the same options type at once (tests start several in one process) can see a half-converted bound and
/// fail with an InvalidCastException. Here the bounds are parsed once, in the constructor, and never change.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class DurationRangeAttribute : ValidationAttribute
{
    public DurationRangeAttribute(string minimum, string maximum)
    {
        Minimum = TimeSpan.Parse(minimum, CultureInfo.InvariantCulture);
        Maximum = TimeSpan.Parse(maximum, CultureInfo.InvariantCulture);
    }

    public TimeSpan Minimum { get; }

    public TimeSpan Maximum { get; }

    /// <summary>Null passes, as with <see cref="RangeAttribute"/>; pair with <see cref="RequiredAttribute"/> to require a value.</summary>
    public override bool IsValid(object? value) =>
        value is null || (value is TimeSpan span && span >= Minimum && span <= Maximum);

    public override string FormatErrorMessage(string name) =>
        string.Create(CultureInfo.InvariantCulture, $"The field {name} must be between {Minimum} and {Maximum}.");
}
