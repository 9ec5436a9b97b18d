using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using AgentPlatform.EndToEnd.AgentSocket;
using AgentPlatform.EndToEnd.Hosting;
using AgentPlatform.EndToEnd.Telemetry;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Protocol.WebPubSub.Auth;

namespace AgentPlatform.EndToEnd.Secrets;

/// <summary>
/// No key or token in logs, traces or metrics: the whole platform runs with its telemetry exported to a receiver of
/// the test's own; keys and tokens are presented every way a client may present them (asp-v1, Web PubSub, ACP,
/// AgentChat, agenkit, the admin key, the Registry, the Dashboard); then every service's console output, AppHost's log
/// and every exported OTLP body are scanned for each of them (raw, base64url, base64, escaped).
/// </summary>
public sealed class SecretsInTelemetryTests
{
    private const string DashboardToken = "dashboard-login-token-7f3a9c";
    private static readonly string[] ServiceNames = ["registry", "functions", "relay", "dashboard"];

    [Fact]
    public async Task Keys_and_tokens_presented_every_way_appear_in_no_log_and_no_exported_telemetry()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var platform = await AspirePlatform.StartAsync(builder =>
        {
            foreach (var project in builder.Resources.OfType<ProjectResource>())
            {
                var resource = builder.CreateResourceBuilder(project)
                    .WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Endpoint.ToString().TrimEnd('/'))
                    .WithEnvironment("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                    // Every span recorded, so a leak in a sampled-out span cannot hide.
                    .WithEnvironment("AgentPlatform__Telemetry__TracesPerSecond", "0")
                    // The platform's own debug logs and HttpClient's request logs included: a token there would show.
                    .WithEnvironment("Logging__LogLevel__AgentPlatform", "Debug")
                    .WithEnvironment("Logging__LogLevel__System.Net.Http.HttpClient", "Information");
                if (project.Name == "dashboard") resource.WithEnvironment("Dashboard__AccessToken", DashboardToken);
            }
        });
        var endpoints = platform.Endpoints;
        var wpsToken = WebPubSubAccessToken.Create(endpoints.WebPubSubAccessKey,
            new Uri(endpoints.WebPubSubEndpoint!, "/client/hubs/chat").AbsoluteUri, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(10), userId: "scan-user");
        var secrets = new Dictionary<string, string>
        {
            ["AgentPlatform:Keys:AgentSocket"] = endpoints.AgentSocketToken,
            ["AgentPlatform:Keys:Admin"] = endpoints.AdminKey,
            ["AgentPlatform:Keys:Registry"] = endpoints.RegistryKey,
            ["Web PubSub access key"] = endpoints.WebPubSubAccessKey,
            ["Web PubSub client token"] = wpsToken,
            ["Dashboard:AccessToken"] = DashboardToken,
        };

        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = true }) { Timeout = TimeSpan.FromSeconds(20) };
        var socketUrl = endpoints.AgentSocketUrl!;

        // asp-v1: the token as a header (with an invocation through Functions), as a subprotocol and as ?access_token=.
        await using (var socket = await AspSocket.ConnectAsync(socketUrl, endpoints.AgentSocketToken))
        {
            await socket.HelloAsync(["stream"]);
            await socket.SendAsync(new InvokeFrame("scan-1", "echo", MsgPackValue.From("hello")));
            while (await socket.ReceiveNonAckAsync() is not (CompleteFrame or ErrorFrame))
            {
            }
        }
        await ConnectRawAsync(socketUrl, ws =>
        {
            ws.Options.AddSubProtocol("asp-v1");
            ws.Options.AddSubProtocol("bearer." + Base64Url(endpoints.AgentSocketToken));
        }, ct);
        await ConnectRawAsync(new UriBuilder(socketUrl) { Query = "access_token=" + Uri.EscapeDataString(endpoints.AgentSocketToken) }.Uri, AspV1, ct);
        // A wrong token, so refusals are scanned as well as acceptances.
        await ConnectRawAsync(new UriBuilder(socketUrl) { Query = "access_token=" + Uri.EscapeDataString(endpoints.AgentSocketToken + "x") }.Uri, AspV1, ct);

        // Web PubSub: the client token in the query; the REST data plane signed with the access key.
        var wpsClient = new UriBuilder(endpoints.WebPubSubEndpoint!) { Scheme = endpoints.WebPubSubEndpoint!.Scheme == "https" ? "wss" : "ws", Path = "/client/hubs/chat", Query = "access_token=" + wpsToken }.Uri;
        await ConnectRawAsync(wpsClient, ws => ws.Options.AddSubProtocol("json.webpubsub.azure.v1"), ct);
        var restUrl = new Uri(endpoints.WebPubSubEndpoint!, "/api/hubs/chat/:send?api-version=2024-01-01");
        using (var send = new HttpRequestMessage(HttpMethod.Post, restUrl) { Content = new StringContent("hi", Encoding.UTF8, "text/plain") })
        {
            send.Headers.Authorization = new AuthenticationHeaderValue("Bearer", WebPubSubAccessToken.Create(endpoints.WebPubSubAccessKey,
                new Uri(endpoints.WebPubSubEndpoint!, "/api/hubs/chat/:send").AbsoluteUri, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
            using var sent = await http.SendAsync(send, ct);
        }

        // REST with keys: the Relay's admin API and a Registry write.
        using (var admin = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoints.Relay, "/admin/metrics")))
        {
            admin.Headers.Authorization = new AuthenticationHeaderValue("Bearer", endpoints.AdminKey);
            using var response = await http.SendAsync(admin, ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        using (var register = new HttpRequestMessage(HttpMethod.Put, new Uri(endpoints.Registry, "/v1/agents/scan-agent/instances/i1"))
        {
            Content = new StringContent("""{"endpoint":"wss://agents.example/ws","protocol":"asp-v1","mode":"direct"}""", Encoding.UTF8, "application/json"),
        })
        {
            register.Headers.Authorization = new AuthenticationHeaderValue("Bearer", endpoints.RegistryKey);
            using var response = await http.SendAsync(register, ct);
        }

        // The Dashboard: the one-time link, the form, a Bearer API call.
        using (var link = await http.GetAsync(new Uri(endpoints.Dashboard, "/login?t=" + Uri.EscapeDataString(DashboardToken)), ct))
        {
            Assert.Equal(HttpStatusCode.Redirect, link.StatusCode);
        }
        using (var form = await http.PostAsync(new Uri(endpoints.Dashboard, "/login"), new FormUrlEncodedContent([new("token", DashboardToken), new("returnUrl", "/")]), ct))
        {
            Assert.Equal(HttpStatusCode.SeeOther, form.StatusCode);
        }
        using (var api = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoints.Dashboard, "/api/overview")))
        {
            api.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DashboardToken);
            using var response = await http.SendAsync(api, ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // ACP (WebSocket with the header, ?access_token= and a subprotocol; Streamable HTTP), AgentChat (the same three) and agenkit TCP
        // (metadata.authorization), each with a token of its own that must work, plus an expired and a forged one.
        var dialects = new DialectCredentials(endpoints, http);
        await dialects.PresentAsync(ct);
        foreach (var (name, token) in dialects.Tokens) secrets[name] = token;

        // Telemetry leaves in batches: wait until every service exported logs and spans after the traffic, then a little more.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !ServiceNames.All(n => receiver.Bodies("/v1/traces").Any(b => OtlpResource.HasServiceName(b, n))))
        {
            await Task.Delay(200, ct);
        }
        await Task.Delay(TimeSpan.FromSeconds(6), ct);

        var scan = new SecretScan(secrets);
        foreach (var name in ServiceNames)
        {
            var lines = await platform.ServiceLogAsync(name, ct);
            Assert.True(lines.Count > 0, $"{name} printed nothing: the scan would prove nothing");
            for (var i = 0; i < lines.Count; i++) scan.Text($"{name} log line {i + 1}", lines[i]);
        }
        scan.Text("AppHost log", platform.AppHostLog);
        foreach (var signal in new[] { "/v1/traces", "/v1/logs", "/v1/metrics" })
        {
            var bodies = receiver.Bodies(signal);
            for (var i = 0; i < bodies.Count; i++) scan.Bytes($"OTLP {signal} body {i + 1}", bodies[i]);
        }
        Assert.True(receiver.Bodies("/v1/logs").Count > 0 && receiver.Bodies("/v1/traces").Count > 0, "nothing was exported: the scan would prove nothing");
        // The scanner itself finds what it looks for (each form), so an empty result means something.
        var control = new SecretScan(new Dictionary<string, string> { ["control"] = endpoints.AdminKey });
        control.Text("raw", "x" + endpoints.AdminKey);
        control.Text("base64url", Base64Url(endpoints.AdminKey));
        Assert.Contains(control.Found, f => f == "control (raw) in raw");
        Assert.Contains(control.Found, f => f == "control (base64url) in base64url");
        Assert.True(scan.Found.Count == 0, "Secrets found:\n" + string.Join('\n', scan.Found));
    }

    private static async Task ConnectRawAsync(Uri url, Action<ClientWebSocket> configure, CancellationToken ct)
    {
        using var socket = new ClientWebSocket();
        configure(socket);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            await socket.ConnectAsync(url, cts.Token);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", cts.Token);
        }
        catch (WebSocketException)
        {
            // Refused on purpose (the wrong token) or by the dialect: the attempt is what gets scanned.
        }
    }

    private static void AspV1(ClientWebSocket socket) => socket.Options.AddSubProtocol("asp-v1");

    private static string Base64Url(string value) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(value)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
