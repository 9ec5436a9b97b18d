using AgentPlatform.Relay.Security;
using Microsoft.Extensions.Configuration;

namespace AgentPlatform.Relay.Tests.Security;

/// <summary>Relay:AllowedOrigins: entries, defaults per environment, malformed entries.</summary>
public sealed class OriginAllowListTests
{
    private static OriginAllowList Build(bool development, params string[] entries)
    {
        var values = entries.Select((e, i) => new KeyValuePair<string, string?>($"{OriginAllowList.Section}:{i}", e));
        return OriginAllowList.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), development);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5173", true)]
    [InlineData("https://localhost:8443", true)]
    [InlineData("http://LOCALHOST:1", true)]
    [InlineData("http://[::1]:3000", true)]
    [InlineData("http://127.0.0.2:5173", false)]
    [InlineData("https://evil.example", false)]
    [InlineData("http://localhost.evil.example:80", false)]
    [InlineData("null", false)]
    [InlineData("", false)]
    public void Development_defaults_to_the_loopback_origins(string origin, bool allowed) =>
        Assert.Equal(allowed, Build(development: true).Allows(origin));

    [Fact]
    public void Other_environments_default_to_none()
    {
        var list = Build(development: false);
        Assert.Empty(list.Patterns);
        Assert.False(list.Allows("http://localhost:5173"));
        Assert.False(list.Allows("https://app.example"));
    }

    [Fact]
    public void Configured_entries_replace_the_default_and_match_scheme_host_and_port()
    {
        var list = Build(true, "https://app.example", "http://dev.example:8080", "https://any.example:*");
        Assert.True(list.Allows("https://app.example"));
        Assert.True(list.Allows("https://app.example:443"));
        Assert.False(list.Allows("http://app.example"));
        Assert.False(list.Allows("https://app.example:8443"));
        Assert.True(list.Allows("http://dev.example:8080"));
        Assert.False(list.Allows("http://dev.example:8081"));
        Assert.True(list.Allows("https://any.example:9999"));
        Assert.False(list.Allows("https://sub.app.example"));
        Assert.False(list.Allows("http://localhost:5173"));
    }

    [Fact]
    public void A_star_allows_every_origin()
    {
        var list = Build(false, "*");
        Assert.True(list.Allows("https://evil.example"));
        Assert.True(list.Allows("null"));
    }

    [Fact]
    public void A_single_value_may_list_entries_separated_by_commas()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection([new(OriginAllowList.Section, "https://a.example, https://b.example")]).Build();
        var list = OriginAllowList.FromConfiguration(config, isDevelopment: false);
        Assert.True(list.Allows("https://a.example"));
        Assert.True(list.Allows("https://b.example"));
        Assert.False(list.Allows("https://c.example"));
    }

    [Theory]
    [InlineData("app.example")]
    [InlineData("https://app.example/path")]
    [InlineData("https://app.example/")]
    [InlineData("ftp://app.example")]
    [InlineData("https://user@app.example")]
    public void A_malformed_entry_is_refused_naming_the_key(string entry)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(false, entry));
        Assert.Contains(OriginAllowList.Section, error.Message, StringComparison.Ordinal);
    }
}
