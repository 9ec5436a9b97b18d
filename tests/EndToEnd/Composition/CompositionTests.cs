using System.Diagnostics;
using System.Net;
using AgentPlatform.EndToEnd.Hosting;
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
        // Aspire.Hosting.Testing runs AppHost in the test process.
        Assert.Equal(Environment.ProcessId, e.ProcessIds["apphost"]);
        Assert.All(ServiceNames, n => Assert.True(PlatformProcess.IsRunning(e.ProcessIds[n]), $"{n} runs"));
    }

    [Fact]
    public async Task Secrets_are_in_endpoints_json_but_never_in_a_log()
    {
        var e = fixture.Platform.Endpoints;
        var logs = new List<string> { fixture.Platform.AppHostLog };
        foreach (var name in ServiceNames) logs.AddRange(await fixture.Platform.ServiceLogAsync(name, TestContext.Current.CancellationToken));
        var all = string.Join('\n', logs);
        Assert.Contains("AgentPlatform is ready", all, StringComparison.Ordinal);
        Assert.DoesNotContain(e.RegistryKey, all, StringComparison.Ordinal);
        Assert.DoesNotContain(e.AdminKey, all, StringComparison.Ordinal);
        Assert.DoesNotContain(e.AgentSocketToken, all, StringComparison.Ordinal);
        Assert.DoesNotContain(e.WebPubSubAccessKey, all, StringComparison.Ordinal);
        Assert.Contains("AccessKey=***", fixture.Platform.AppHostLog, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(fixture.Platform.EndpointsPath);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
            Assert.Equal(mode, File.GetUnixFileMode(Path.Combine(fixture.Platform.DataDir, "keys.json")));
        }
    }

    [Fact]
    public async Task The_table_names_every_service_and_each_service_logs_through_Aspire()
    {
        var log = fixture.Platform.AppHostLog;
        foreach (var name in ServiceNames)
        {
            Assert.Matches($"(?m)^  {name} +http://127\\.0\\.0\\.1:\\d+ +Healthy", log);
            Assert.NotEmpty(await fixture.Platform.ServiceLogAsync(name, TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task A_killed_service_is_restarted_and_healthy_again_within_30_seconds()
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
        }, TimeSpan.FromSeconds(30), "the relay is restarted and healthy again");

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30));
        TestContext.Current.SendDiagnosticMessage($"relay restarted and healthy in {clock.Elapsed.TotalSeconds:0.0} s");
        var after = platform.ReloadEndpoints();
        Assert.NotEqual(before, after.ProcessIds["relay"]);
        Assert.Contains("restarting relay", platform.AppHostLog, StringComparison.Ordinal);
        Assert.Contains("relay is healthy again", platform.AppHostLog, StringComparison.Ordinal);
        // The others were not touched.
        Assert.All(new[] { "registry", "functions", "dashboard" }, n => Assert.Equal(initial.ProcessIds[n], after.ProcessIds[n]));
    }
}
