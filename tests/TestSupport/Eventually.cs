namespace AgentPlatform.TestSupport;

/// <summary>Polls a condition until it holds or the deadline passes; for state that settles asynchronously.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string because)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await condition().ConfigureAwait(false)) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Not true within {timeout}: {because}");
            await Task.Delay(25).ConfigureAwait(false);
        }
    }

    public static Task TrueAsync(Func<bool> condition, TimeSpan timeout, string because) =>
        TrueAsync(() => Task.FromResult(condition()), timeout, because);
}
