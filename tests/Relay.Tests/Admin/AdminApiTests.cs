using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Relay.Tests.Infrastructure;

namespace AgentPlatform.Relay.Tests.Admin;

/// <summary>The read-only admin API the dashboard builds against (docs/operations/configuration.md).</summary>
[Collection(PlatformGroup.Name)]
public sealed class AdminApiTests(PlatformFixture platform)
{
    private static HttpClient Admin(RelayHost relay, string key = PlatformFixture.AdminKey)
    {
        var http = new HttpClient { BaseAddress = relay.Url, Timeout = TimeSpan.FromSeconds(20) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    [Fact]
    public async Task Without_the_admin_key_every_route_is_401()
    {
        await using var relay = await platform.StartRelayAsync();
        using var wrong = Admin(relay, "nope");
        foreach (var path in new[] { "/admin/connections", "/admin/groups", "/admin/invocations", "/admin/metrics", "/admin/events" })
        {
            using var response = await wrong.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task Connections_invocations_and_metrics_reflect_the_traffic()
    {
        await using var relay = await platform.StartRelayAsync();
        await relay.WaitForAgentAsync("echo");
        var (client, hello) = await relay.OpenAsync();
        await using var ownedC = client;
        await client.SendAsync(new InvokeFrame("adm", "echo", MsgPackValue.From("x")));
        await client.ReceiveUntilAsync(f => f is CompleteFrame);
        using var http = Admin(relay);

        using var connections = JsonDocument.Parse(await http.GetStringAsync("/admin/connections?dialect=asp-v1"));
        Assert.Equal(1, connections.RootElement.GetProperty("total").GetInt32());
        var item = connections.RootElement.GetProperty("items")[0];
        Assert.Equal(hello.Cid, item.GetProperty("id").GetString());
        Assert.Equal("asp-v1", item.GetProperty("dialect").GetString());
        Assert.True(item.GetProperty("framesIn").GetInt64() >= 2);
        Assert.True(item.GetProperty("framesOut").GetInt64() >= 3);

        using var invocations = JsonDocument.Parse(await http.GetStringAsync("/admin/invocations?agent=echo"));
        var inv = invocations.RootElement.GetProperty("items")[0];
        Assert.Equal("adm", inv.GetProperty("id").GetString());
        Assert.Equal("relay", inv.GetProperty("mode").GetString());
        Assert.Equal("completed", inv.GetProperty("status").GetString());

        using var metrics = JsonDocument.Parse(await http.GetStringAsync("/admin/metrics"));
        Assert.Equal(1, metrics.RootElement.GetProperty("connections").GetProperty("byDialect").GetProperty("asp-v1").GetInt32());
        Assert.Equal(1, metrics.RootElement.GetProperty("invocations").GetProperty("perAgent").GetProperty("echo").GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task Events_stream_connection_and_invocation_events()
    {
        await using var relay = await platform.StartRelayAsync();
        await relay.WaitForAgentAsync("echo");
        using var http = Admin(relay);
        using var response = await http.GetAsync("/admin/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var (client, _) = await relay.OpenAsync();
        await using var ownedC = client;
        await client.SendAsync(new InvokeFrame("ev", "echo", MsgPackValue.From(1)));
        var seen = new HashSet<string>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!seen.Contains("invocation.completed"))
        {
            var line = await reader.ReadLineAsync(cts.Token);
            if (line is null) break;
            if (line.StartsWith("event: ", StringComparison.Ordinal)) seen.Add(line["event: ".Length..]);
        }
        Assert.Contains("connection.opened", seen);
        // An echo ends within one batch, so its start is folded into its completion (AdminEventBatchesTests).
        Assert.Contains("invocation.completed", seen);
    }
}
