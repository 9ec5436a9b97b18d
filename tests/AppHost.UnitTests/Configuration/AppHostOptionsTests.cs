using AgentPlatform.AppHost.Configuration;

namespace AgentPlatform.AppHost.UnitTests.Configuration;

public sealed class AppHostOptionsTests
{
    private static readonly string DefaultDir = Path.Combine(Path.GetTempPath(), "default-data");

    private static AppHostOptions Parse(string[] args, Dictionary<string, string>? env = null)
    {
        Assert.True(AppHostOptions.TryParse(args, k => env?.GetValueOrDefault(k), DefaultDir, out var o, out var error), error);
        return o;
    }

    [Fact]
    public void Defaults_are_the_repo_data_dir_and_fixed_ports()
    {
        var o = Parse([]);
        Assert.Equal(DefaultDir, o.DataDir);
        Assert.Equal(5100, o.PortBase);
        Assert.Null(o.Redis);
        Assert.False(o.ShowHelp);
    }

    [Theory]
    [InlineData(new[] { "--port-base", "0" }, null)]
    [InlineData(new[] { "--port-base=0" }, null)]
    [InlineData(new[] { "--port-base", "7000" }, 7000)]
    [InlineData(new[] { "--port-base=65532" }, 65532)]
    public void Port_base_zero_means_free_ports(string[] args, int? expected) => Assert.Equal(expected, Parse(args).PortBase);

    [Fact]
    public void Arguments_win_over_environment_variables()
    {
        var env = new Dictionary<string, string>
        {
            ["AGENTPLATFORM_DATA_DIR"] = Path.Combine(Path.GetTempPath(), "from-env"),
            ["AGENTPLATFORM_PORT_BASE"] = "6000",
            ["AGENTPLATFORM_REDIS"] = "localhost:6379",
        };
        var fromEnv = Parse([], env);
        Assert.Equal(Path.Combine(Path.GetTempPath(), "from-env"), fromEnv.DataDir);
        Assert.Equal(6000, fromEnv.PortBase);
        Assert.Equal("localhost:6379", fromEnv.Redis);

        var dir = Path.Combine(Path.GetTempPath(), "from-args");
        var fromArgs = Parse(["--data-dir", dir, "--port-base", "0", "--redis=127.0.0.1:1,abortConnect=false"], env);
        Assert.Equal(dir, fromArgs.DataDir);
        Assert.Null(fromArgs.PortBase);
        Assert.Equal("127.0.0.1:1,abortConnect=false", fromArgs.Redis);
    }

    [Theory]
    [InlineData(new[] { "--port-base", "80" }, "--port-base must be 0")]
    [InlineData(new[] { "--port-base", "65533" }, "--port-base must be 0")]
    [InlineData(new[] { "--port-base", "-1" }, "--port-base must be 0")]
    [InlineData(new[] { "--port-base", "x" }, "--port-base must be 0")]
    [InlineData(new[] { "--data-dir" }, "--data-dir needs a value")]
    [InlineData(new[] { "--redis=" }, "--redis needs a value")]
    public void Bad_arguments_are_refused_with_a_reason(string[] args, string reason)
    {
        Assert.False(AppHostOptions.TryParse(args, _ => null, DefaultDir, out _, out var error));
        Assert.StartsWith(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Arguments_that_are_not_AppHost_s_go_to_Aspire_in_order()
    {
        var o = Parse(["--publisher", "manifest", "--port-base", "0", "--output-path", "/x/m.json", "--console-logs"]);
        Assert.Equal(["--publisher", "manifest", "--output-path", "/x/m.json"], o.AspireArgs);
        Assert.True(o.ConsoleLogs);
        Assert.Null(o.PortBase);
        Assert.True(Parse([], new() { ["AGENTPLATFORM_CONSOLE_LOGS"] = "1" }).ConsoleLogs);
    }

    [Fact]
    public void Replicas_come_from_arguments_and_the_environment()
    {
        var o = Parse(["--replicas", "relay=2", "--replicas=functions=3"], new Dictionary<string, string> { ["AGENTPLATFORM_REPLICAS"] = "relay=4, registry=1" });
        Assert.Equal(2, o.Replicas["relay"]);
        Assert.Equal(3, o.Replicas["functions"]);
        Assert.Equal(1, o.Replicas["registry"]);
    }

    [Theory]
    [InlineData("relay")]
    [InlineData("relay=0")]
    [InlineData("relay=17")]
    [InlineData("=2")]
    [InlineData("relay=two")]
    public void Bad_replica_counts_are_refused(string spec)
    {
        Assert.False(AppHostOptions.TryParse(["--replicas", spec], _ => null, DefaultDir, out _, out var error));
        Assert.StartsWith("--replicas takes NAME=N", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-h")]
    [InlineData("--help")]
    public void Help_is_recognised(string arg) => Assert.True(Parse([arg]).ShowHelp);

    [Fact]
    public void Relative_data_dirs_become_absolute() =>
        Assert.True(Path.IsPathFullyQualified(Parse(["--data-dir", "relative-dir"]).DataDir));
}
