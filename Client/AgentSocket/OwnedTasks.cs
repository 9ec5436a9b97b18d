namespace AgentPlatform.Client.AgentSocket;

/// <summary>
/// Work a connection starts without waiting for it there and then (the INTERRUPT after a cancel, the answer to a
/// REQUEST). The connection keeps each task until it ends, so that closing can wait for them instead of leaving them
/// to run against a disposed socket, and so that none of them fails unobserved.
/// </summary>
internal sealed class OwnedTasks
{
    private readonly Lock _gate = new();
    private readonly List<Task> _running = [];

    public void Add(Task task)
    {
        if (task.IsCompleted) return;
        lock (_gate)
        {
            _running.RemoveAll(t => t.IsCompleted);
            _running.Add(task);
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for every task still running; a stuck one is abandoned.</summary>
    public async Task WaitAsync(TimeSpan timeout)
    {
        Task[] running;
        lock (_gate)
        {
            running = [.. _running];
            _running.Clear();
        }
        if (running.Length == 0) return;
        try
        {
            await Task.WhenAll(running).WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException or AgentSocketException or ObjectDisposedException)
        {
            // The connection is closing: what these tasks were sending has nowhere to go.
        }
    }
}
