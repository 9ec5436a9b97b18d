using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using AgentPlatform.Protocol.WebPubSub.Auth;

namespace AgentPlatform.Platform.Bench.Clients;

/// <summary>
/// The Relay's Web PubSub face from outside, as the Azure SDK calls it: the REST group send signed with a short-lived
/// HS256 token whose audience is the request URL, and client URLs with an access token (group joined at connect).
/// </summary>
public sealed class WebPubSubRest(HttpClient http, Uri endpoint, string accessKey)
{
    private const string ApiVersion = "2024-01-01";

    public static WebPubSubRest FromConnectionString(HttpClient http, string connectionString)
    {
        string Field(string key) => connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).FirstOrDefault(p => p.Length == 2 && string.Equals(p[0].Trim(), key, StringComparison.OrdinalIgnoreCase))?[1]
            ?? throw new InvalidOperationException($"Web PubSub connection string has no {key}");
        return new WebPubSubRest(http, new Uri(Field("Endpoint").TrimEnd('/')), Field("AccessKey"));
    }

    private string EndpointText => endpoint.GetLeftPart(UriPartial.Authority);

    public async Task SendToGroupAsync(string hub, string group, string text)
    {
        var url = new Uri($"{EndpointText}/api/hubs/{Uri.EscapeDataString(hub)}/groups/{Uri.EscapeDataString(group)}/:send?api-version={ApiVersion}");
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        var token = WebPubSubAccessToken.Create(accessKey, url.AbsoluteUri, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Content = new StringContent(text, Encoding.UTF8, "text/plain");
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"group send answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary><c>ws://host/client/hubs/{hub}?access_token=…</c> for a user already in <paramref name="group"/>.</summary>
    public Uri ClientUrl(string hub, string userId, string group)
    {
        var token = WebPubSubAccessToken.Create(accessKey, EndpointText + "/client/hubs/" + hub, DateTimeOffset.UtcNow, TimeSpan.FromHours(1), userId, null, [group]);
        return new Uri(string.Create(CultureInfo.InvariantCulture, $"ws://{endpoint.Authority}/client/hubs/{Uri.EscapeDataString(hub)}?access_token={token}"));
    }
}
