namespace AgentPlatform.Server.Hosting;

/// <summary>
/// Work a component started and must see finish: it keeps each task until it completes, and its owner awaits what is
/// left when it stops (instead of leaving fire-and-forget tasks behind). Faults are observed and dropped here.
/// </summary>
public sealed class OwnedTasks
{
    private readonly Lock _gate = new();
    private readonly HashSet<Task> _running = [];

    public int Count
    {
        get
        {
            lock (_gate) return _running.Count;
        }
    }

    public void Track(Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.IsCompleted)
        {
            _ = task.Exception;
            return;
        }
        lock (_gate) _running.Add(task);
        task.ContinueWith(static (t, s) =>
        {
            _ = t.Exception;
            var self = (OwnedTasks)s!;
            lock (self._gate) self._running.Remove(t);
        }, this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Waits for what is still running, at most <paramref name="timeout"/>.</summary>
    public Task WhenAllAsync(TimeSpan timeout)
    {
        Task[] pending;
        lock (_gate) pending = [.. _running];
        return Task.WhenAll(pending).WaitAsync(timeout).ContinueWith(static _ => { }, CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
