using AgentPlatform.AppHost.Configuration;

namespace AgentPlatform.AppHost.UnitTests.Configuration;

public sealed class DevelopmentKeysTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "apphost-keys-" + Guid.NewGuid().ToString("N")[..8]);

    public DevelopmentKeysTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Keys_are_generated_once_per_data_dir_and_kept_owner_only()
    {
        var first = DevelopmentKeys.LoadOrCreate(_dir);
        var second = DevelopmentKeys.LoadOrCreate(_dir);
        Assert.Equal(first, second);
        var path = Path.Combine(_dir, "keys.json");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void Every_key_is_distinct_and_carries_256_bits()
    {
        var k = DevelopmentKeys.Generate();
        string[] tokens = [k.Registry, k.Admin, k.AgentSocket];
        Assert.All(tokens, t => Assert.Matches("^[A-Za-z0-9_-]{43}$", t));
        Assert.Equal(3, tokens.Distinct().Count());
        Assert.Equal(32, Convert.FromBase64String(k.WebPubSubAccessKey).Length);
        Assert.NotEqual(k, DevelopmentKeys.Generate());
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("{\"registry\":\"a\",\"admin\":\"b\"}")]
    [InlineData("null")]
    public void A_damaged_keys_file_is_an_error_never_silently_replaced(string contents)
    {
        var path = Path.Combine(_dir, "keys.json");
        File.WriteAllText(path, contents);
        var ex = Assert.Throws<InvalidDataException>(() => DevelopmentKeys.LoadOrCreate(_dir));
        Assert.Contains("keys.json", ex.Message, StringComparison.Ordinal);
        Assert.Equal(contents, File.ReadAllText(path));
    }
}
