using AgentPlatform.AppHost.Output;

namespace AgentPlatform.AppHost.UnitTests.Output;

public sealed class StatusTableTests
{
    [Fact]
    public void Renders_aligned_columns_and_the_footer()
    {
        var text = StatusTable.Render(
            [
                new StatusRow("registry", new Uri("http://127.0.0.1:5100"), "Healthy", 123, 0),
                new StatusRow("dashboard", new Uri("http://127.0.0.1:5103"), "Restarting", null, 2),
            ],
            ["endpoints.json: x"]);
        const string Expected =
            "\n" +
            "  service    url                    state       pid  restarts\n" +
            "  ---------  ---------------------  ----------  ---  --------\n" +
            "  registry   http://127.0.0.1:5100  Healthy     123  0       \n" +
            "  dashboard  http://127.0.0.1:5103  Restarting  -    2       \n" +
            "\n" +
            "  endpoints.json: x\n";
        Assert.Equal(Expected, text);
    }
}
