using System.Diagnostics;
using System.Net;
using AgentPlatform.TestSupport;

namespace AgentPlatform.EndToEnd.Composition;

[Collection(SharedPlatform.Name)]
public sealed class CompositionTests(PlatformFixture fixture)
{
    private static readonly string[] ServiceNames = ["registry", "functions", "relay", "dashboard"];

    private static HttpClient NewClient() => new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task Every_service_answers_health_and_alive()
    {
        using var http = NewClient();
        foreach (var name in ServiceNames)
        {
            var url = fixture.Platform.Endpoints.Service(name);
            foreach (var path in new[] { "/health", "/alive" })
            {
                // Other tests of this collection kill services; a restart keeps the port and takes seconds.
                await Eventually.TrueAsync(async () =>
                {
                    try
                    {
                        using var response = await http.GetAsync(new Uri(url, path));
                        return response.StatusCode == HttpStatusCode.OK;
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        return false;
                    }
                }, TimeSpan.FromSeconds(20), $"{name}{path} answers 200");
            }
        }
    }

    [Fact]
    public async Task Endpoints_json_describes_the_running_platform()
    {
        // Rewritten after each restart (other tests of this collection kill services): wait for a current one.
        await Eventually.TrueAsync(
            () => ServiceNames.All(n => PlatformProcess.IsRunning(fixture.Platform.ReloadEndpoints().ProcessIds[n])),
            TimeSpan.FromSeconds(20), "endpoints.json names running processes");
        var e = fixture.Platform.Endpoints;
        Assert.Equal(ServiceNames.Order(), e.Services.Keys.Order());
        Assert.All(e.Services.Values, u => Assert.Equal("127.0.0.1", u.Host));
        Assert.Equal(4, e.Services.Values.Select(u => u.Port).Distinct().Count());
        Assert.Equal(new Uri($"ws://127.0.0.1:{e.Relay.Port}/v1/agent-socket"), e.AgentSocketUrl);
        Assert.Equal(new Uri($"http://127.0.0.1:{e.Relay.Port}"), e.WebPubSubEndpoint);
        Assert.Matches("^Endpoint=http://127\\.0\\.0\\.1:\\d+;AccessKey=[A-Za-z0-9+/]{43}=;Version=1\\.0;$", e.WebPubSubConnectionString);
        Assert.Equal(32, Convert.FromBase64String(e.WebPubSubAccessKey).Length);
        string[] secrets = [e.RegistryKey, e.AdminKey, e.AgentSocketToken];
        Assert.All(secrets, k => Assert.True(k.Length >= 40, "keys carry 256 bits"));
        Assert.Equal(secrets.Length, secrets.Distinct().Count());
        Assert.Equal(fixture.Platform.DataDir, e.DataDir);
        Assert.Equal(fixture.Platform.ProcessId, e.ProcessIds["apphost"]);
        Assert.All(ServiceNames, n => Assert.True(PlatformProcess.IsRunning(e.ProcessIds[n]), $"{n} runs"));
    }

    [Fact]
    public void Secrets_are_in_endpoints_json_but_never_in_the_log()
    {
        var e = fixture.Platform.Endpoints;
        var output = fixture.Platform.Output;
        Assert.DoesNotContain(e.RegistryKey, output, StringComparison.Ordinal);
        Assert.DoesNotContain(e.AdminKey, output, StringComparison.Ordinal);
        Assert.DoesNotContain(e.AgentSocketToken, output, StringComparison.Ordinal);
        Assert.DoesNotContain(e.WebPubSubAccessKey, output, StringComparison.Ordinal);
        Assert.Contains("AccessKey=***", output, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(fixture.Platform.EndpointsPath);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
            Assert.Equal(mode, File.GetUnixFileMode(Path.Combine(fixture.Platform.DataDir, "keys.json")));
        }
    }

    [Fact]
    public void The_log_prefixes_every_service_line_and_prints_the_table()
    {
        var output = fixture.Platform.Output;
        foreach (var name in ServiceNames)
        {
            Assert.Contains($"{name.PadRight(9)} | ", output, StringComparison.Ordinal);
            Assert.Matches($"(?m)^  {name} +http://127\\.0\\.0\\.1:\\d+ +Healthy", output);
        }
        Assert.Contains("AgentPlatform is ready", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_killed_service_is_restarted_and_healthy_again_within_10_seconds()
    {
        var platform = fixture.Platform;
        var initial = platform.ReloadEndpoints();
        var before = initial.ProcessIds["relay"];
        using var http = NewClient();
        var clock = Stopwatch.StartNew();
        using (var victim = Process.GetProcessById(before)) victim.Kill();

        await Eventually.TrueAsync(async () =>
        {
            if (!PlatformEndpoints.TryLoad(platform.EndpointsPath, out var now) || now!.ProcessIds["relay"] == before) return false;
            try
            {
                using var response = await http.GetAsync(new Uri(now.Relay, "/health"));
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(10), "the relay is restarted and healthy again");

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
        var after = platform.ReloadEndpoints();
        Assert.NotEqual(before, after.ProcessIds["relay"]);
        Assert.Contains("restarting relay", platform.Output, StringComparison.Ordinal);
        Assert.Contains("relay is healthy again", platform.Output, StringComparison.Ordinal);
        // The others were not touched.
        Assert.All(new[] { "registry", "functions", "dashboard" }, n => Assert.Equal(initial.ProcessIds[n], after.ProcessIds[n]));
    }
}
