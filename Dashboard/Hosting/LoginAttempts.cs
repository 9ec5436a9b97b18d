using System.Net;
using System.Threading.RateLimiting;

namespace AgentPlatform.Dashboard.Hosting;

/// <summary>
/// Limits login attempts per client address (<c>Dashboard:LoginAttemptsPerMinute</c>, a fixed one-minute window),
/// so the token cannot be guessed at speed. Every presented credential counts, right or wrong.
/// </summary>
public sealed class LoginAttempts : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public LoginAttempts(DashboardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.LoginAttemptsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Takes one attempt for the caller's address; false when its budget for this minute is spent.</summary>
    public bool TryTake(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var address = context.Connection.RemoteIpAddress ?? IPAddress.None;
        using var lease = _limiter.AttemptAcquire(address.ToString());
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
