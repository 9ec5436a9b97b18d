namespace AgentPlatform.ServiceDefaults.Discovery;

/// <summary>Rewrites a logical request URI to the configured endpoint just for the send, so each retry resolves again.</summary>
internal sealed class ServiceDiscoveryHandler(ServiceEndpointResolver resolver) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var original = request.RequestUri;
        if (original is null) return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        request.RequestUri = resolver.Resolve(original);
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            request.RequestUri = original;
        }
    }
}
