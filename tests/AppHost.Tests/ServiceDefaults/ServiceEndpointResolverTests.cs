using AgentPlatform.ServiceDefaults.Discovery;
using Microsoft.Extensions.Configuration;

namespace AgentPlatform.AppHost.Tests.ServiceDefaults;

public sealed class ServiceEndpointResolverTests
{
    private static ServiceEndpointResolver Resolver(params (string Key, string Value)[] entries) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(entries.Select(e => new KeyValuePair<string, string?>(e.Key, e.Value))).Build());

    [Theory]
    [InlineData("http://registry/agents?x=1", "http://127.0.0.1:5100/agents?x=1")]
    [InlineData("http://registry", "http://127.0.0.1:5100/")]
    [InlineData("https+http://registry/a/b", "http://127.0.0.1:5100/a/b")]
    [InlineData("http://relay/x", "http://relay/x")]
    [InlineData("http://example.com/x", "http://example.com/x")]
    [InlineData("ws://registry/x", "ws://registry/x")]
    [InlineData("http://prefixed/v1/x", "http://127.0.0.1:7000/base/v1/x")]
    public void Logical_names_resolve_through_services_configuration(string request, string expected)
    {
        var resolver = Resolver(("services:registry:http:0", "http://127.0.0.1:5100"), ("services:prefixed:http:0", "http://127.0.0.1:7000/base/"));
        Assert.Equal(new Uri(expected), resolver.Resolve(new Uri(request)));
    }

    [Fact]
    public void Https_is_preferred_when_both_exist()
    {
        var resolver = Resolver(("services:api:http:0", "http://127.0.0.1:1"), ("services:api:https:0", "https://127.0.0.1:2"));
        Assert.Equal(new Uri("https://127.0.0.1:2/x"), resolver.Resolve(new Uri("https+http://api/x")));
        Assert.Equal(new Uri("http://127.0.0.1:1/x"), resolver.Resolve(new Uri("http://api/x")));
    }

    [Fact]
    public void Several_endpoints_are_used_in_turn()
    {
        var resolver = Resolver(("services:api:http:0", "http://127.0.0.1:1"), ("services:api:http:1", "http://127.0.0.1:2"));
        var ports = Enumerable.Range(0, 4).Select(_ => resolver.Resolve(new Uri("http://api/")).Port).ToList();
        Assert.Equal(2, ports.Distinct().Count());
        Assert.Equal(ports[0], ports[2]);
    }

    [Fact]
    public void A_combined_scheme_for_an_unknown_service_is_a_clear_error()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Resolver().Resolve(new Uri("https+http://nobody/x")));
        Assert.Contains("services:nobody:https:0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_endpoint_is_a_clear_error()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Resolver(("services:api:http:0", "not a url")).Resolve(new Uri("http://api/")));
        Assert.Contains("services:api:http", ex.Message, StringComparison.Ordinal);
    }
}
