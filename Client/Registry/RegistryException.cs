using System.Net;

namespace AgentPlatform.Client.Registry;

/// <summary>The Registry refused a request; carries the problem-details fields it answered.</summary>
public sealed class RegistryException : Exception
{
    public RegistryException()
    {
    }

    public RegistryException(string message)
        : base(message)
    {
    }

    public RegistryException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public RegistryException(HttpStatusCode status, string message, IReadOnlyDictionary<string, string[]>? errors)
        : base(message)
    {
        StatusCode = status;
        Errors = errors ?? new Dictionary<string, string[]>();
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>Field errors of a 400 validation problem.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; } = new Dictionary<string, string[]>();
}
