using AgentPlatform.Cli;
using AgentPlatform.Client.Tests.AgentSocket;

namespace AgentPlatform.Client.Tests.Cli;

public sealed class InvokeCommandTests
{
    [Fact]
    public async Task Invoke_prints_chunks_and_the_result_as_json_lines()
    {
        await using var host = await EndpointHost.StartAsync(o => o.Token = "t");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApplication.RunAsync(["invoke", "echo", """{"a":[1,"x"]}""", "--url", host.Url.ToString(), "--token", "t",
            "--endpoints", Path.Combine(Path.GetTempPath(), "none.json")], output, error, TextReader.Null, TestContext.Current.CancellationToken);
        Assert.Equal(0, code);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("""{"chunk":{"a":[1,"x"]}}""", lines[0].Trim());
        Assert.StartsWith("""{"result":null,"metrics":{"durationMs":""", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_is_answered_from_standard_input_and_errors_exit_non_zero()
    {
        await using var host = await EndpointHost.StartAsync();
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var input = new StringReader("Ada\n");
        var code = await CliApplication.RunAsync(["invoke", "tools", "go", "--url", host.Url.ToString()], output, error, input, TestContext.Current.CancellationToken);
        Assert.Equal(0, code);
        Assert.Contains("""{"chunk":"Hello, Ada!"}""", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("""{"request":{"question":"What is your name?"},"kind":"question"}""", output.ToString(), StringComparison.Ordinal);

        using var output2 = new StringWriter();
        using var error2 = new StringWriter();
        var failed = await CliApplication.RunAsync(["invoke", "nobody", "1", "--url", host.Url.ToString()], output2, error2, TextReader.Null, TestContext.Current.CancellationToken);
        Assert.Equal(1, failed);
        Assert.Contains("\"error\":\"UNKNOWN_AGENT\"", error2.ToString(), StringComparison.Ordinal);
    }
}
