using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentPlatform.Client.Acp;
using AgentPlatform.Client.Agenkit;
using AgentPlatform.Client.AgentSocket;
using AgentPlatform.Client.Auth;
using AgentPlatform.Protocol.Auth;
using AgentPlatform.TestSupport;

namespace AgentPlatform.EndToEnd.Secrets;

/// <summary>
/// Platform access tokens presented to ACP, AgentChat and agenkit for the secrets scan, one distinct token per dialect
/// so a finding names the path it leaked from. Every presentation with a good token must succeed (a prompt, a DM, a
/// call answered by the platform's <c>echo</c>), or the scan of a refused request would prove nothing; an expired and
/// a forged token are presented too, so refusals are scanned, and the SDKs must say why without the token.
/// </summary>
public sealed class DialectCredentials(PlatformEndpoints endpoints, HttpClient http)
{
    private const string Agent = "echo";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly string _key = endpoints.AgentSocketToken;

    /// <summary>The tokens presented, by name, for the scan's list.</summary>
    public Dictionary<string, string> Tokens { get; } = new(StringComparer.Ordinal);

    private Uri RelayWs(string pathAndQuery) =>
        new(new UriBuilder(endpoints.Relay) { Scheme = endpoints.Relay.Scheme == "https" ? "wss" : "ws" }.Uri, pathAndQuery);

    /// <summary>Mints the tokens (the ACP one through <c>POST /v1/tokens</c>) and presents each every way its dialect takes.</summary>
    public async Task PresentAsync(CancellationToken ct)
    {
        var acp = await MintOverHttpAsync("scan-acp", ct);
        Tokens["ACP token (POST /v1/tokens)"] = acp;
        Tokens["AgentChat token"] = AccessTokens.Create(_key, "scan-chat", [AccessTokens.InvokeRole(Agent)], TimeSpan.FromMinutes(10));
        Tokens["agenkit token"] = AccessTokens.Create(_key, "scan-agenkit", [AccessTokens.InvokeRole(Agent)], TimeSpan.FromMinutes(10));
        // Issued two hours ago for one hour: expired beyond the 60 s of skew. Forged: right shape, another key.
        var expired = PlatformAccessToken.Create(_key, "scan-expired", [AccessTokens.InvokeRole()], DateTimeOffset.UtcNow.AddHours(-2), TimeSpan.FromHours(1));
        var forged = AccessTokens.Create("not-the-platform-key", "scan-forged", [AccessTokens.InvokeRole()], TimeSpan.FromMinutes(10));
        Tokens["expired token"] = expired;
        Tokens["forged token"] = forged;

        await AcpAsync(acp, ct);
        foreach (var carrier in new[] { "header", "query", "subprotocol" }) await AgentChatAsync(Tokens["AgentChat token"], carrier, expectAnswer: true, ct);
        await AgentChatAsync(forged, "header", expectAnswer: false, ct);
        await AgenkitAsync(Tokens["agenkit token"], ct);

        // Refusals: the reason reaches the SDK's exception, the token does not.
        foreach (var (token, reason) in new[] { (expired, "the access token has expired"), (forged, "the access token signature is invalid") })
        {
            var asp = await Assert.ThrowsAsync<AgentSocketException>(() => AgentSocketClient.ConnectAsync(endpoints.AgentSocketUrl!,
                new AgentSocketClientOptions { Token = token, ConnectTimeout = Bound }, ct));
            Assert.Equal((401, reason), (asp.HttpStatus, asp.Reason));
            Assert.DoesNotContain(token, asp.Message, StringComparison.Ordinal);
            var acpRefused = await Assert.ThrowsAsync<AcpException>(() => AcpClient.ConnectAsync(RelayWs("/acp/" + Agent), token, cancellationToken: ct));
            Assert.Equal((401, reason), (acpRefused.HttpStatus, acpRefused.Reason));
            Assert.DoesNotContain(token, acpRefused.Message, StringComparison.Ordinal);
            await using var agenkit = new RemoteAgent(Agent, AgenkitTcp(), new RemoteAgentOptions { AccessToken = token, MaxAttempts = 1 });
            var refused = await Assert.ThrowsAsync<AgenkitRemoteException>(() => agenkit.ProcessAsync("refused", ct));
            Assert.Equal("UNAUTHORIZED", refused.Code);
            Assert.DoesNotContain(token, refused.Message, StringComparison.Ordinal);
        }
    }

    private async Task<string> MintOverHttpAsync(string userId, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoints.Relay, "/v1/tokens"))
        {
            Content = new StringContent(new JsonObject { ["userId"] = userId, ["roles"] = new JsonArray(AccessTokens.InvokeRole(Agent)), ["expiresInMinutes"] = 10 }.ToJsonString(),
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _key);
        using var response = await http.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        return body.RootElement.GetProperty("token").GetString()!;
    }

    /// <summary>
    /// ACP: WebSocket with the header (a whole prompt), with <c>?access_token=</c> and with the subprotocol; Streamable
    /// HTTP POST with the header.
    /// </summary>
    private async Task AcpAsync(string token, CancellationToken ct)
    {
        var url = RelayWs("/acp/" + Agent);
        await using (var client = await ConnectAcpAsync(url, token, ct))
        {
            await client.InitializeAsync(ct);
            var session = await client.NewSessionAsync("/", cancellationToken: ct);
            var texts = new List<string>();
            var result = await client.PromptAsync(session, "scan over acp", u =>
            {
                if (u.Text is { } text) texts.Add(text);
                return ValueTask.CompletedTask;
            }, ct);
            Assert.Equal("end_turn", result.StopReason);
            Assert.Equal(["scan over acp"], texts);
        }
        await using (var client = await ConnectAcpAsync(new Uri(url + "?access_token=" + Uri.EscapeDataString(token)), null, ct))
        {
            var initialized = await client.InitializeAsync(ct);
            Assert.Equal(Agent, (string?)initialized["agentInfo"]?["name"]);
        }

        await AcpOverSubprotocolAsync(url, token, ct);

        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoints.Relay, "/acp/" + Agent))
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":1,"clientCapabilities":{}}}""",
                Encoding.UTF8, "application/json"),
        };
        post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var answer = await http.SendAsync(post, ct);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var connection = Assert.Single(answer.Headers.GetValues("Acp-Connection-Id"));
        var initialize = JsonNode.Parse(await answer.Content.ReadAsStringAsync(ct))!;
        Assert.Equal(1, (int?)initialize["result"]?["protocolVersion"]);
        using var delete = new HttpRequestMessage(HttpMethod.Delete, new Uri(endpoints.Relay, "/acp/" + Agent));
        delete.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        delete.Headers.Add("Acp-Connection-Id", connection);
        using var deleted = await http.SendAsync(delete, ct);
        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
    }

    /// <summary>ACP with the token as a <c>bearer.&lt;base64url&gt;</c> subprotocol (what a browser can send): initialize is answered.</summary>
    private static async Task AcpOverSubprotocolAsync(Uri url, string token, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Bound);
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(BearerSubprotocol(token));
        await socket.ConnectAsync(url, timeout.Token);
        await SendAsync(socket, new JsonObject
        {
            ["jsonrpc"] = "2.0", ["id"] = 0, ["method"] = "initialize", ["params"] = new JsonObject { ["protocolVersion"] = 1, ["clientCapabilities"] = new JsonObject() },
        }, timeout.Token);
        var answer = await ExpectAsync(socket, f => f["id"] is JsonValue, timeout.Token);
        Assert.Equal(Agent, (string?)answer["result"]?["agentInfo"]?["name"]);
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
    }

    private static string BearerSubprotocol(string token) =>
        "bearer." + Convert.ToBase64String(Encoding.UTF8.GetBytes(token)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Connects once the Relay's view of the Registry knows the agent (404 until then), within <see cref="Bound"/>.</summary>
    private static async Task<AcpClient> ConnectAcpAsync(Uri url, string? token, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (true)
        {
            try
            {
                return await AcpClient.ConnectAsync(url, token, cancellationToken: ct);
            }
            catch (AcpException ex) when (ex.HttpStatus == 404 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, ct);
            }
        }
    }

    /// <summary>
    /// AgentChat on the Relay (token in the header, the query or a subprotocol): IDENTIFY, then a DM to the platform's echo, which only a connection that presented a token
    /// allowing it may send. A good token gets echo's answer; a forged one gets <c>AUTH_REQUIRED</c> (chat takes no token,
    /// so the upgrade itself is never refused).
    /// </summary>
    private async Task AgentChatAsync(string token, string carrier, bool expectAnswer, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Bound);
        using var socket = new ClientWebSocket();
        if (carrier == "header") socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        if (carrier == "subprotocol") socket.Options.AddSubProtocol(BearerSubprotocol(token));
        await socket.ConnectAsync(RelayWs("/agentchat" + (carrier == "query" ? "?access_token=" + Uri.EscapeDataString(token) : "")), timeout.Token);
        if (carrier == "subprotocol") Assert.Equal(BearerSubprotocol(token), socket.SubProtocol);
        await SendAsync(socket, new JsonObject { ["type"] = "IDENTIFY", ["name"] = "scan-" + carrier }, timeout.Token);
        await ExpectAsync(socket, f => (string?)f["type"] == "WELCOME", timeout.Token);
        var content = "scan over agentchat " + carrier;
        await SendAsync(socket, new JsonObject { ["type"] = "MSG", ["to"] = "@" + Agent, ["content"] = content }, timeout.Token);
        if (expectAnswer)
        {
            var answer = await ExpectAsync(socket, f => (string?)f["type"] == "MSG" && (string?)f["from"] == "@" + Agent, timeout.Token);
            Assert.Equal(content, (string?)answer["content"]);
        }
        else
        {
            var error = await ExpectAsync(socket, f => (string?)f["type"] == "ERROR", timeout.Token);
            Assert.Equal("AUTH_REQUIRED", (string?)error["code"]);
        }
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
    }

    /// <summary>agenkit over TCP: the token in <c>metadata.authorization</c> (RemoteAgent puts it there), answered by echo.</summary>
    private async Task AgenkitAsync(string token, CancellationToken ct)
    {
        await using var remote = new RemoteAgent(Agent, AgenkitTcp(), new RemoteAgentOptions { AccessToken = token, MaxAttempts = 1, Timeout = Bound });
        var answer = await remote.ProcessAsync("scan over agenkit", ct);
        Assert.Contains("scan over agenkit", answer.ContentText, StringComparison.Ordinal);
    }

    private string AgenkitTcp() =>
        endpoints.Raw["agenkit"]?["tcp"]?.GetValue<string>() ?? throw new InvalidOperationException("endpoints.json has no agenkit.tcp");

    private static Task SendAsync(ClientWebSocket socket, JsonObject frame, CancellationToken ct) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(frame.ToJsonString()), WebSocketMessageType.Text, true, ct);

    /// <summary>Reads frames until one matches (at most 100, each bounded by <paramref name="ct"/>); an unexpected ERROR fails at once.</summary>
    private static async Task<JsonObject> ExpectAsync(ClientWebSocket socket, Func<JsonObject, bool> match, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        for (var frames = 0; frames < 100; frames++)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, ct);
                if (result.MessageType == WebSocketMessageType.Close) throw new InvalidOperationException("AgentChat closed: " + socket.CloseStatusDescription);
                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);
            if (JsonNode.Parse(message.ToArray()) is not JsonObject frame) continue;
            if (match(frame)) return frame;
            if ((string?)frame["type"] == "ERROR") throw new InvalidOperationException("AgentChat answered " + frame.ToJsonString());
        }
        throw new InvalidOperationException("no matching AgentChat frame within 100 frames");
    }
}
