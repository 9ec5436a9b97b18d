using System.Text;
using AgentPlatform.Agents;

namespace AgentPlatform.Functions.UnitTests.Contexts;

/// <summary>The rules every context store follows; each store's test class runs this suite against itself.</summary>
public abstract class ContextStoreContract
{
    protected abstract IContextStore Store { get; }

    private static string NewKey() => "echo/" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task A_missing_key_loads_as_version_zero_with_no_data()
    {
        var loaded = await Store.LoadAsync(NewKey(), TestContext.Current.CancellationToken);
        Assert.Equal(0, loaded.Version);
        Assert.False(loaded.Exists);
        Assert.True(loaded.Data.IsEmpty);
    }

    [Fact]
    public async Task Save_then_load_round_trips_exact_bytes_and_bumps_the_version()
    {
        var key = NewKey();
        byte[] data = [0x82, 0xa1, 0x6e, 0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xa1, 0x62, 0xc4, 0x02, 0x00, 0xff];
        Assert.True(await Store.TrySaveAsync(key, 0, data, TestContext.Current.CancellationToken));
        var first = await Store.LoadAsync(key, TestContext.Current.CancellationToken);
        Assert.Equal(1, first.Version);
        Assert.Equal(data, first.Data.ToArray());

        Assert.True(await Store.TrySaveAsync(key, 1, "x"u8.ToArray(), TestContext.Current.CancellationToken));
        var second = await Store.LoadAsync(key, TestContext.Current.CancellationToken);
        Assert.Equal(2, second.Version);
        Assert.Equal("x"u8.ToArray(), second.Data.ToArray());
    }

    [Fact]
    public async Task A_stale_expected_version_is_refused_and_changes_nothing()
    {
        var key = NewKey();
        Assert.True(await Store.TrySaveAsync(key, 0, "a"u8.ToArray(), TestContext.Current.CancellationToken));
        Assert.False(await Store.TrySaveAsync(key, 0, "b"u8.ToArray(), TestContext.Current.CancellationToken));
        Assert.False(await Store.TrySaveAsync(key, 7, "c"u8.ToArray(), TestContext.Current.CancellationToken));
        var loaded = await Store.LoadAsync(key, TestContext.Current.CancellationToken);
        Assert.Equal(1, loaded.Version);
        Assert.Equal("a"u8.ToArray(), loaded.Data.ToArray());
    }

    [Fact]
    public async Task Keys_are_independent()
    {
        var a = NewKey();
        var b = NewKey();
        Assert.True(await Store.TrySaveAsync(a, 0, "a"u8.ToArray(), TestContext.Current.CancellationToken));
        Assert.True(await Store.TrySaveAsync(b, 0, "b"u8.ToArray(), TestContext.Current.CancellationToken));
        Assert.Equal("a"u8.ToArray(), (await Store.LoadAsync(a, TestContext.Current.CancellationToken)).Data.ToArray());
        Assert.Equal("b"u8.ToArray(), (await Store.LoadAsync(b, TestContext.Current.CancellationToken)).Data.ToArray());
    }

    [Fact]
    public async Task Concurrent_read_modify_write_with_retries_loses_no_update()
    {
        // 8 Writers x 25 Increments of one counter, each a load/modify/save loop that retries on conflict:
        // the final value proves that no save overwrote another one.
        var key = NewKey();
        const int Writers = 8;
        const int Increments = 25;
        var conflicts = 0;
        var tasks = Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < Increments; i++)
            {
                while (true)
                {
                    var loaded = await Store.LoadAsync(key, CancellationToken.None);
                    var value = loaded.Exists ? int.Parse(Encoding.ASCII.GetString(loaded.Data.Span)) : 0;
                    if (await Store.TrySaveAsync(key, loaded.Version, Encoding.ASCII.GetBytes((value + 1).ToString()), CancellationToken.None))
                    {
                        break;
                    }
                    Interlocked.Increment(ref conflicts);
                }
            }
        }));
        await Task.WhenAll(tasks);
        var final = await Store.LoadAsync(key, TestContext.Current.CancellationToken);
        Assert.Equal(Writers * Increments, int.Parse(Encoding.ASCII.GetString(final.Data.Span)));
        Assert.Equal(Writers * Increments, final.Version);
    }
}
