using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AgentPlatform.Protocol.Registry;
using AgentPlatform.Registry.FunctionalTests.Infrastructure;
using AgentPlatform.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace AgentPlatform.Registry.FunctionalTests.Contract;

/// <summary>
/// The store contract (docs/protocol/registry.md), run once per store. Each test starts its own Registry so that
/// clocks and state never leak between tests.
/// </summary>
public abstract class RegistryContractTests
{
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    protected abstract IDictionary<string, string?> StoreSettings();

    protected async Task<RegistryHost> StartAsync(TimeProvider? time = null, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>(StoreSettings());
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) settings[k] = v;
        return await RegistryHost.StartAsync(settings, time);
    }

    protected static AgentRegistration Reg(string endpoint = "http://127.0.0.1:5102", string protocol = "asp-v1", string mode = "relay",
        bool isPublic = true, string[]? caps = null) => new()
    {
        Endpoint = endpoint,
        Protocol = protocol,
        Mode = mode,
        Capabilities = caps ?? ["stream", "tools"],
        Tools = [new ToolDescriptor { Name = "search", Description = "find things", Schema = JsonDocument.Parse("{\"type\":\"object\"}").RootElement }],
        Metadata = new Dictionary<string, string> { ["k"] = "v" },
        Public = isPublic,
    };

    [Fact]
    public async Task Register_creates_then_updates_and_get_lists_the_instance()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var host = await StartAsync(time);
        var first = await host.Writer.PutAsJsonAsync("/v1/agents/echo/instances/a1", Reg());
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var json = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("echo", json.GetProperty("name").GetString());
        Assert.Equal("a1", json.GetProperty("instanceId").GetString());
        Assert.Equal("http://127.0.0.1:5102", json.GetProperty("endpoint").GetString());
        Assert.Equal("asp-v1", json.GetProperty("protocol").GetString());
        Assert.Equal("relay", json.GetProperty("mode").GetString());
        Assert.Equal("[\"stream\",\"tools\"]", json.GetProperty("capabilities").GetRawText());
        Assert.Equal("search", json.GetProperty("tools")[0].GetProperty("name").GetString());
        Assert.Equal("v", json.GetProperty("metadata").GetProperty("k").GetString());
        Assert.True(json.GetProperty("public").GetBoolean());
        Assert.Equal("2026-01-01T00:00:00.000Z", json.GetProperty("registeredAt").GetString());
        Assert.Equal("healthy", json.GetProperty("status").GetString());

        time.Advance(TimeSpan.FromSeconds(5));
        var second = await host.Writer.PutAsJsonAsync("/v1/agents/echo/instances/a1", Reg(endpoint: "http://127.0.0.1:6000"));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var updated = (await second.Content.ReadFromJsonAsync(RegistryJsonContext.Default.AgentInstance))!;
        Assert.Equal("http://127.0.0.1:6000", updated.Endpoint);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), updated.RegisteredAt);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 5, TimeSpan.Zero), updated.LastHeartbeat);

        var entry = await host.Client.GetAsync("echo");
        Assert.NotNull(entry);
        Assert.Equal("http://127.0.0.1:6000", Assert.Single(entry.Instances).Endpoint);
        Assert.Null(await host.Client.GetAsync("nobody"));
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("/v1/agents/nobody")).StatusCode);
    }

    [Fact]
    public async Task List_filters_by_protocol_capability_mode_and_status()
    {
        await using var host = await StartAsync(new FakeTimeProvider());
        await host.Client.RegisterAsync("b-agent", "1", Reg(protocol: "acp", mode: "direct", endpoint: "wss://b.example/acp", caps: ["chat"]));
        await host.Client.RegisterAsync("a-agent", "2", Reg());
        await host.Client.RegisterAsync("a-agent", "1", Reg());
        var all = await host.Client.ListAsync();
        Assert.Equal(["a-agent", "b-agent"], all.Agents.Select(a => a.Name));
        Assert.Equal(["1", "2"], all.Agents[0].Instances.Select(i => i.InstanceId));
        Assert.Equal(["b-agent"], (await host.Client.ListAsync(protocol: "acp")).Agents.Select(a => a.Name));
        Assert.Equal(["b-agent"], (await host.Client.ListAsync(capability: "chat")).Agents.Select(a => a.Name));
        Assert.Equal(["a-agent"], (await host.Client.ListAsync(mode: "relay")).Agents.Select(a => a.Name));
        Assert.Empty((await host.Client.ListAsync(status: "stale")).Agents);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Http.GetAsync("/v1/agents?protocol=smtp")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Http.GetAsync("/v1/agents?status=dead")).StatusCode);
    }

    [Fact]
    public async Task Heartbeat_is_204_for_known_and_404_for_unknown_and_delete_removes()
    {
        await using var host = await StartAsync(new FakeTimeProvider());
        Assert.Equal(HttpStatusCode.NotFound, (await host.Writer.PostAsync("/v1/agents/echo/instances/a1/heartbeat", null)).StatusCode);
        Assert.False(await host.Client.HeartbeatAsync("echo", "a1"));
        await host.Client.RegisterAsync("echo", "a1", Reg());
        Assert.Equal(HttpStatusCode.NoContent, (await host.Writer.PostAsync("/v1/agents/echo/instances/a1/heartbeat", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await host.Writer.DeleteAsync("/v1/agents/echo/instances/a1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Writer.DeleteAsync("/v1/agents/echo/instances/a1")).StatusCode);
        Assert.Null(await host.Client.GetAsync("echo"));
        Assert.False(await host.Client.HeartbeatAsync("echo", "a1"));
    }

    [Fact]
    public async Task Writes_without_the_right_key_get_401_and_change_nothing()
    {
        await using var host = await StartAsync(new FakeTimeProvider());
        await host.Client.RegisterAsync("echo", "a1", Reg());
        var anonymous = await host.Http.PutAsJsonAsync("/v1/agents/evil/instances/x", Reg());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.ToString());
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        using var wrong = new HttpRequestMessage(HttpMethod.Delete, "/v1/agents/echo/instances/a1");
        wrong.Headers.Authorization = new("Bearer", RegistryHost.Key + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Http.SendAsync(wrong)).StatusCode);
        using var basic = new HttpRequestMessage(HttpMethod.Post, "/v1/agents/echo/instances/a1/heartbeat");
        basic.Headers.Authorization = new("Basic", RegistryHost.Key);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Http.SendAsync(basic)).StatusCode);
        Assert.Null(await host.Client.GetAsync("evil"));
        Assert.NotNull(await host.Client.GetAsync("echo"));
    }

    [Theory]
    [InlineData("/v1/agents/Bad_Name/instances/a1", "{\"endpoint\":\"http://h:1\",\"protocol\":\"asp-v1\",\"mode\":\"relay\"}", "name")]
    [InlineData("/v1/agents/a..b/instances/a1", "{\"endpoint\":\"http://h:1\",\"protocol\":\"asp-v1\",\"mode\":\"relay\"}", "name")]
    [InlineData("/v1/agents/ok/instances/-x", "{\"endpoint\":\"http://h:1\",\"protocol\":\"asp-v1\",\"mode\":\"relay\"}", "instanceId")]
    [InlineData("/v1/agents/ok/instances/a1", "{\"endpoint\":\"ftp://h/x\",\"protocol\":\"asp-v1\",\"mode\":\"relay\"}", "endpoint")]
    [InlineData("/v1/agents/ok/instances/a1", "{\"endpoint\":\"not a uri\",\"protocol\":\"asp-v1\",\"mode\":\"relay\"}", "endpoint")]
    [InlineData("/v1/agents/ok/instances/a1", "{\"endpoint\":\"http://user:pw@h:1\",\"protocol\":\"asp-v1\",\"mode\":\"relay\"}", "endpoint")]
    [InlineData("/v1/agents/ok/instances/a1", "{\"endpoint\":\"http://h:1\",\"protocol\":\"smtp\",\"mode\":\"relay\"}", "protocol")]
    [InlineData("/v1/agents/ok/instances/a1", "{\"endpoint\":\"http://h:1\",\"protocol\":\"asp-v1\"}", "mode")]
    [InlineData("/v1/agents/ok/instances/a1", "{\"endpoint\":\"http://h:1\",\"protocol\":\"asp-v1\",\"mode\":\"relay\",\"capabilities\":[\"UPPER\"]}", "capabilities")]
    [InlineData("/v1/agents/ok/instances/a1", "{\"endpoint\":\"http://h:1\",\"protocol\":\"asp-v1\",\"mode\":\"relay\",\"tools\":[{\"name\":\"t\"},{\"name\":\"t\"}]}", "tools[1].name")]
    [InlineData("/v1/agents/ok/instances/a1", "{\"endpoint\":\"http://h:1\",\"protocol\":\"asp-v1\",\"mode\":\"relay\",\"tools\":[{\"name\":\"t\",\"schema\":3}]}", "tools[0].schema")]
    [InlineData("/v1/agents/ok/instances/a1", "{\"endpoint\":\"http://h:1\",\"protocol\":\"asp-v1\",\"mode\":\"relay\",\"metadata\":{\"k\":5}}", "body")]
    [InlineData("/v1/agents/ok/instances/a1", "{\"endpoint\":", "body")]
    [InlineData("/v1/agents/ok/instances/a1", "", "body")]
    [InlineData("/v1/agents/ok/instances/a1", "null", "body")]
    [InlineData("/v1/agents/ok/instances/a1", "[1,2]", "body")]
    public async Task Invalid_registrations_get_400_problem_details_naming_the_field(string path, string body, string field)
    {
        await using var host = await StartAsync(new FakeTimeProvider());
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await host.Writer.PutAsync(path, content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), errors.GetRawText());
        Assert.Empty((await host.Client.ListAsync()).Agents);
    }

    [Fact]
    public async Task Oversized_body_gets_413_and_changes_nothing()
    {
        await using var host = await StartAsync(new FakeTimeProvider(), new Dictionary<string, string?> { ["Registry:MaxBodyBytes"] = "1024" });
        var big = "{\"endpoint\":\"http://h:1\",\"protocol\":\"asp-v1\",\"mode\":\"relay\",\"metadata\":{\"k\":\"" + new string('x', 2000) + "\"}}";
        using var content = new StringContent(big, Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await host.Writer.PutAsync("/v1/agents/ok/instances/a1", content)).StatusCode);
        // Chunked (no Content-Length) must be capped too.
        using var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        chunked.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Put, "/v1/agents/ok/instances/a2") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await host.Writer.SendAsync(request)).StatusCode);
        Assert.Empty((await host.Client.ListAsync()).Agents);
    }

    [Fact]
    public async Task Silent_instance_turns_stale_then_is_removed_and_a_heartbeat_revives_a_stale_one()
    {
        var time = new FakeTimeProvider();
        await using var host = await StartAsync(time);
        await host.Client.RegisterAsync("echo", "a1", Reg());
        await host.Client.RegisterAsync("echo", "a2", Reg());
        time.Advance(TimeSpan.FromSeconds(60));
        Assert.True(await host.Client.HeartbeatAsync("echo", "a2"));
        time.Advance(TimeSpan.FromSeconds(31)); // a1 silent 91 s > 90 s timeout; a2 silent 31 s
        await Eventually.TrueAsync(async () => (await host.Client.GetAsync("echo"))!.Instances[0].Status == "stale", Wait, "a1 stale");
        Assert.Equal("healthy", (await host.Client.GetAsync("echo"))!.Instances[1].Status);
        for (var i = 0; i < 4; i++) Assert.Equal("a2", (await host.Client.PickAsync("echo"))!.InstanceId);

        Assert.True(await host.Client.HeartbeatAsync("echo", "a1"));
        Assert.Equal("healthy", (await host.Client.GetAsync("echo"))!.Instances[0].Status);

        time.Advance(TimeSpan.FromSeconds(151)); // both silent > timeout + removal delay
        await Eventually.TrueAsync(async () => await host.Client.GetAsync("echo") is null, Wait, "both removed");
        Assert.False(await host.Client.HeartbeatAsync("echo", "a1"));
    }

    [Fact]
    public async Task An_instance_that_keeps_heartbeating_is_never_pruned()
    {
        var time = new FakeTimeProvider();
        await using var host = await StartAsync(time);
        await host.Client.RegisterAsync("echo", "a1", Reg());
        for (var i = 0; i < 20; i++)
        {
            time.Advance(TimeSpan.FromSeconds(89));
            Assert.True(await host.Client.HeartbeatAsync("echo", "a1"), $"pruned at round {i}");
        }
        time.Advance(TimeSpan.FromSeconds(1));
        await Task.Delay(200);
        Assert.Equal("healthy", Assert.Single((await host.Client.GetAsync("echo"))!.Instances).Status);
    }

    [Fact]
    public async Task Pick_spreads_calls_evenly_over_healthy_instances()
    {
        await using var host = await StartAsync(new FakeTimeProvider());
        await host.Client.RegisterAsync("echo", "a", Reg());
        await host.Client.RegisterAsync("echo", "b", Reg());
        await host.Client.RegisterAsync("echo", "c", Reg());
        var picks = new List<string>();
        for (var i = 0; i < 30; i++) picks.Add((await host.Client.PickAsync("echo"))!.InstanceId);
        Assert.All(picks.GroupBy(p => p), g => Assert.Equal(10, g.Count()));
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("/v1/agents/nobody/pick")).StatusCode);
    }

    [Fact]
    public async Task Aid_record_zone_and_well_known_are_published_for_public_agents_only()
    {
        await using var host = await StartAsync(new FakeTimeProvider(), new Dictionary<string, string?>
        {
            ["Registry:Aid:PublicRelayUrl"] = "wss://relay.example.com",
            ["Registry:Aid:Zone"] = "agents.example.com",
            ["Registry:Aid:WellKnownAgent"] = "direct",
        });
        await host.Client.RegisterAsync("direct", "1", Reg(endpoint: "wss://direct.example.com/socket", mode: "direct") with
        {
            Metadata = new Dictionary<string, string> { ["description"] = "Real-time Agent Feed" },
        });
        await host.Client.RegisterAsync("relayed", "1", Reg());
        await host.Client.RegisterAsync("hidden", "1", Reg(isPublic: false));
        await host.Client.RegisterAsync("plain", "1", Reg(protocol: "http", endpoint: "http://127.0.0.1:9"));

        Assert.Equal("v=aid1;p=websocket;uri=wss://direct.example.com/socket;desc=Real-time Agent Feed", await host.Client.GetAidRecordAsync("direct"));
        Assert.Equal("v=aid1;p=websocket;uri=wss://relay.example.com/v1/agent-socket?agent=relayed", await host.Client.GetAidRecordAsync("relayed"));
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("/v1/agents/hidden/aid")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await host.Http.GetAsync("/v1/agents/plain/aid")).StatusCode);

        var zone = await host.Http.GetStringAsync("/v1/aid/zone");
        Assert.Contains("_agent.direct.agents.example.com. 300 IN TXT \"v=aid1;p=websocket;uri=wss://direct.example.com/socket;desc=Real-time Agent Feed\"\n", zone);
        Assert.Contains("_agent.relayed.agents.example.com. 300 IN TXT \"v=aid1;p=websocket;uri=wss://relay.example.com/v1/agent-socket?agent=relayed\"\n", zone);
        Assert.DoesNotContain("hidden", zone);
        Assert.DoesNotContain("plain", zone);

        var wellKnown = await host.Http.GetAsync("/.well-known/agent");
        Assert.Equal("application/json", wellKnown.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(await wellKnown.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("aid1", json.GetProperty("v").GetString());
        Assert.Equal("websocket", json.GetProperty("proto").GetString());
        Assert.Equal("wss://direct.example.com/socket", json.GetProperty("uri").GetString());
    }
}
