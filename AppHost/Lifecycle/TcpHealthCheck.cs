using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AgentPlatform.AppHost.Lifecycle;

/// <summary>Healthy once something accepts a TCP connection on the port (executables such as redis-server).</summary>
internal sealed class TcpHealthCheck(string host, int port) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (SocketException ex)
        {
            return HealthCheckResult.Unhealthy($"{host}:{port} does not accept connections: {ex.SocketErrorCode}");
        }
    }
}
