using System.Net.Http.Headers;
using System.Text.Json;
using static AgentPlatform.Relay.Tests.Acp.Transport.AcpHttpClient;

namespace AgentPlatform.Relay.Tests.Acp.Transport;

/// <summary>ACP connections are Relay connections: the admin API (and so the Dashboard) lists them.</summary>
public sealed class AcpAdminTests
{
    [Fact]
    public async Task Admin_connections_lists_websocket_and_http_acp_connections_until_they_end()
    {
        await using var relay = await AcpRelay.StartAsync();
        await using var ws = await relay.ConnectAsync();
        await ws.InitializeAsync();
        await ws.CallAsync(1, "test/echo");
        using var http = relay.Http();
        var (cid, _) = await InitializeAsync(http);
        using var admin = new HttpClient { BaseAddress = relay.Url };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AcpRelay.AdminKey);

        using (var listed = JsonDocument.Parse(await admin.GetStringAsync("/admin/connections?dialect=acp")))
        {
            Assert.Equal(2, listed.RootElement.GetProperty("total").GetInt32());
            var items = listed.RootElement.GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(new[] { ws.ConnectionId, cid }.Order(), items.Select(i => i.GetProperty("id").GetString()).Order());
            Assert.All(items, i => Assert.Equal("acp", i.GetProperty("dialect").GetString()));
            Assert.All(items, i => Assert.Equal("acp", i.GetProperty("hub").GetString()));
            var wsItem = items.Single(i => i.GetProperty("id").GetString() == ws.ConnectionId);
            Assert.True(wsItem.GetProperty("framesIn").GetInt64() >= 2);
            Assert.True(wsItem.GetProperty("framesOut").GetInt64() >= 2);
        }
        using (await DeleteAsync(http, cid))
        {
        }
        await TestSupport.Eventually.TrueAsync(async () =>
        {
            using var listed = JsonDocument.Parse(await admin.GetStringAsync("/admin/connections?dialect=acp"));
            return listed.RootElement.GetProperty("total").GetInt32() == 1;
        }, TimeSpan.FromSeconds(5), "the deleted connection leaves the list");
    }
}
