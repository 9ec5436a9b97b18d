using AgentPlatform.Agents;
using AgentPlatform.Functions.Contexts;
using AgentPlatform.Functions.UnitTests.Contexts;

namespace AgentPlatform.Functions.FunctionalTests.Contexts;

public sealed class SqliteContextStoreTests : ContextStoreContract, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ap-func-tests", Guid.NewGuid().ToString("N"));

    public SqliteContextStoreTests() => Store = new SqliteContextStore(Path.Combine(_folder, "contexts.db"));

    protected override IContextStore Store { get; }

    [Fact]
    public async Task Two_store_instances_over_one_file_see_each_others_writes()
    {
        var other = new SqliteContextStore(((SqliteContextStore)Store).Path);
        Assert.True(await Store.TrySaveAsync("k", 0, "1"u8.ToArray(), TestContext.Current.CancellationToken));
        Assert.False(await other.TrySaveAsync("k", 0, "2"u8.ToArray(), TestContext.Current.CancellationToken));
        Assert.True(await other.TrySaveAsync("k", 1, "2"u8.ToArray(), TestContext.Current.CancellationToken));
        Assert.Equal("2"u8.ToArray(), (await Store.LoadAsync("k", TestContext.Current.CancellationToken)).Data.ToArray());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
