using System.ComponentModel.DataAnnotations;
using AgentPlatform.ServiceDefaults.Options;

namespace AgentPlatform.ServiceDefaults.UnitTests.Options;

/// <summary>The TimeSpan bound on options: inclusive bounds, and safe when many hosts validate at once.</summary>
public sealed class DurationRangeAttributeTests
{
    private sealed class Sample
    {
        [DurationRange("00:00:00.001", "1.00:00:00")]
        public TimeSpan Delay { get; set; }
    }

    [Theory]
    [InlineData("00:00:00", false)]
    [InlineData("00:00:00.001", true)]
    [InlineData("00:00:30", true)]
    [InlineData("1.00:00:00", true)]
    [InlineData("1.00:00:00.001", false)]
    [InlineData("-00:00:01", false)]
    public void Bounds_are_inclusive(string value, bool valid)
    {
        var results = new List<ValidationResult>();
        var sample = new Sample { Delay = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture) };
        var ok = Validator.TryValidateObject(sample, new ValidationContext(sample), results, validateAllProperties: true);
        Assert.Equal(valid, ok);
        if (!valid) Assert.Contains("Delay", Assert.Single(results).ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_and_other_types_are_handled_without_throwing()
    {
        var attribute = new DurationRangeAttribute("00:00:01", "00:01:00");
        Assert.True(attribute.IsValid(null));
        Assert.False(attribute.IsValid("00:00:05"));
        Assert.False(attribute.IsValid(5));
    }

    [Fact]
    public void Many_threads_validating_the_same_attribute_first_time_all_agree()
    {
        // The race RangeAttribute(typeof(TimeSpan), ...) has: its first IsValid rewrites its bounds, and a
        // second caller in that window throws InvalidCastException. Fresh instance, first use from many threads.
        for (var round = 0; round < 50; round++)
        {
            var attribute = new DurationRangeAttribute("00:00:00.001", "1.00:00:00");
            using var start = new Barrier(8);
            var results = new bool[8];
            Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            {
                start.SignalAndWait(TimeSpan.FromSeconds(10));
                results[i] = attribute.IsValid(TimeSpan.FromSeconds(i + 1));
            });
            Assert.All(results, Assert.True);
        }
    }
}
