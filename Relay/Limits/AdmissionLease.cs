namespace AgentPlatform.Relay.Limits;

/// <summary>One admitted connection's place in the counts; disposing it (once, from any thread) gives the place back.</summary>
public sealed class AdmissionLease : IDisposable
{
    private readonly ConnectionAdmission _owner;
    private int _released;

    internal AdmissionLease(ConnectionAdmission owner, string dialect, string client, string? user)
    {
        _owner = owner;
        Dialect = dialect;
        Client = client;
        User = user;
    }

    public string Dialect { get; }

    internal string Client { get; }

    internal string? User { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0) _owner.Release(this);
    }
}
