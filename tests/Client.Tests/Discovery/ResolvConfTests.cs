using System.Net;
using AgentPlatform.Client.Discovery;

namespace AgentPlatform.Client.Tests.Discovery;

public sealed class ResolvConfTests
{
    [Fact]
    public void Nameserver_lines_become_port_53_endpoints_and_the_rest_is_ignored()
    {
        var servers = ResolvConf.Parse("# comment\nsearch example.test\nnameserver 10.0.0.2\nnameserver   ::1 \nnameserver bogus\noptions ndots:1\n");
        Assert.Equal([new IPEndPoint(IPAddress.Parse("10.0.0.2"), 53), new IPEndPoint(IPAddress.IPv6Loopback, 53)], servers);
    }
}
