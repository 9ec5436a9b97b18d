using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace AgentPlatform.TestSupport;

/// <summary>Starts a service the way an operator would with one setting changed, to see what stops it.</summary>
public static class StartWithSetting
{
    /// <summary>
    /// Builds the app with <paramref name="key"/> = <paramref name="value"/> (and <paramref name="more"/>), listening on
    /// a loopback port of the system's choice, starts and stops it. Returns the options or binder error that stopped the
    /// build or the start (a service may resolve its options while it is built), or null when it started.
    /// </summary>
    public static async Task<Exception?> FailureAsync(Func<string[], Action<WebApplicationBuilder>?, WebApplication> build,
        string key, string? value, IReadOnlyDictionary<string, string?>? more = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(build);
        var settings = new Dictionary<string, string?>(more ?? new Dictionary<string, string?>()) { ["Urls"] = "http://127.0.0.1:0", [key] = value };
        try
        {
            var app = build([], b => b.Configuration.AddInMemoryCollection(settings));
            await using (app.ConfigureAwait(false))
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
                await app.StopAsync(cancellationToken).ConfigureAwait(false);
            }
            return null;
        }
        catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException)
        {
            return ex;
        }
    }
}
