using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AgentPlatform.Functions.FunctionalTests.Agents;
using AgentPlatform.Functions.FunctionalTests.Hosting;
using AgentPlatform.Registry;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Functions.FunctionalTests.Registration;

/// <summary>Functions registers its agents with a real Registry at start-up, heartbeats, and registers again after a removal.</summary>
public sealed class RegistrationTests
{
    private const string Key = "registry-test-key";

    [Fact]
    public async Task Every_shipped_agent_is_registered_as_a_relay_mode_instance_and_comes_back_after_a_delete()
    {
        var registryUrl = "http://127.0.0.1:" + FreePort.Next().ToString(CultureInfo.InvariantCulture);
        var registry = RegistryApplication.Build([], b =>
        {
            b.WebHost.UseUrls(registryUrl);
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AgentPlatform:Keys:Registry"] = Key,
                ["Logging:LogLevel:Default"] = "Warning",
            });
        });
        await registry.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            using var folder = new TempFolder();
            var settings = FunctionsHost.SqliteSettings(folder.Path);
            settings["Functions:Registration:Enabled"] = "true";
            settings["Functions:Registration:HeartbeatInterval"] = "00:00:00.200";
            settings["services:registry:http:0"] = registryUrl;
            settings["AgentPlatform:Keys:Registry"] = Key;
            await using var functions = await FunctionsHost.StartAsync(settings);
            using var http = new HttpClient { BaseAddress = new Uri(registryUrl) };

            JsonElement instance = default;
            foreach (var agent in new[] { "echo", "conversation", "tools", "llm" })
            {
                await Eventually.TrueAsync(async () =>
                {
                    using var response = await http.GetAsync("/v1/agents/" + agent);
                    if (response.StatusCode != HttpStatusCode.OK) return false;
                    using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                    instance = doc.RootElement.GetProperty("instances")[0].Clone();
                    return true;
                }, TimeSpan.FromSeconds(15), agent + " registered");
                Assert.Equal("relay", instance.GetProperty("mode").GetString());
                Assert.Equal("asp-v1", instance.GetProperty("protocol").GetString());
                Assert.Equal(functions.BaseAddress.ToString().TrimEnd('/'), instance.GetProperty("endpoint").GetString()!.TrimEnd('/'));
            }

            // Removed behind its back, the instance heartbeats into a 404 and registers again.
            var instanceId = instance.GetProperty("instanceId").GetString();
            using (var delete = new HttpRequestMessage(HttpMethod.Delete, $"/v1/agents/echo/instances/{instanceId}"))
            {
                delete.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
                using var deleted = await http.SendAsync(delete, TestContext.Current.CancellationToken);
                Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            }
            await Eventually.TrueAsync(async () =>
            {
                using var response = await http.GetAsync("/v1/agents/echo");
                return response.StatusCode == HttpStatusCode.OK;
            }, TimeSpan.FromSeconds(15), "echo registered again");
        }
        finally
        {
            await registry.StopAsync(TestContext.Current.CancellationToken);
            await registry.DisposeAsync();
        }
    }
}
