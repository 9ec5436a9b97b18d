using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace AgentPlatform.Relay.Tests.Acp.Transport;

/// <summary>Streamable HTTP requests of an ACP client: POST with the connection and session headers, DELETE.</summary>
public static class AcpHttpClient
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient http, string body, string? connectionId = null, string? sessionId = null,
        string contentType = "application/json", string path = "/acp")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        if (connectionId is not null) request.Headers.Add("Acp-Connection-Id", connectionId);
        if (sessionId is not null) request.Headers.Add("Acp-Session-Id", sessionId);
        return await http.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient http, JsonObject message, string? connectionId = null, string? sessionId = null) =>
        PostAsync(http, message.ToJsonString(), connectionId, sessionId);

    /// <summary>initialize over POST: the connection id and the response.</summary>
    public static async Task<(string ConnectionId, JsonObject Response)> InitializeAsync(HttpClient http, bool replay = false, string path = "/acp")
    {
        var parameters = new JsonObject { ["protocolVersion"] = 1 };
        if (replay) parameters["_meta"] = new JsonObject { ["agentplatform/replay"] = true };
        using var response = await PostAsync(http, AcpWsClient.Request(0, "initialize", parameters).ToJsonString(), path: path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var id = Assert.Single(response.Headers.GetValues("Acp-Connection-Id"));
        return (id, (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    public static async Task<HttpResponseMessage> DeleteAsync(HttpClient http, string connectionId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/acp");
        request.Headers.Add("Acp-Connection-Id", connectionId);
        return await http.SendAsync(request);
    }

    /// <summary>POSTs and expects 202.</summary>
    public static async Task AcceptedAsync(HttpClient http, JsonObject message, string connectionId, string? sessionId = null)
    {
        using var response = await PostAsync(http, message, connectionId, sessionId);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }
}
