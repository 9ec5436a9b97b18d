using System.Net.Http.Headers;
using AgentPlatform.Dashboard.Hosting;

namespace AgentPlatform.Dashboard.Sources;

/// <summary>
/// Calls the Relay's read-only admin API with the admin key. The key stays on the server: the browser
/// only ever talks to the dashboard.
/// </summary>
public sealed class RelayAdminClient(IHttpClientFactory http, ServiceEndpoints endpoints, IConfiguration configuration)
{
    public Uri? BaseUrl => endpoints.Resolve("relay");

    /// <summary>A request to the admin API, authorized; null when the Relay is not configured.</summary>
    public HttpRequestMessage? CreateRequest(string relativePath)
    {
        var baseUrl = BaseUrl;
        if (baseUrl is null) return null;
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, relativePath));
        var key = configuration["AgentPlatform:Keys:Admin"];
        if (!string.IsNullOrEmpty(key)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return request;
    }

    /// <summary>A GET whose answer the caller reads (or forwards); throws when the Relay is not configured.</summary>
    public async Task<HttpResponseMessage> GetAsync(string relativePath, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(relativePath) ?? throw new InvalidOperationException("The Relay is not configured (services:relay:http:0).");
        return await http.CreateClient(DashboardHttpClients.Polls).SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
