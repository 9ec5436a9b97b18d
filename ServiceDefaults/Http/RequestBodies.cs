using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace AgentPlatform.ServiceDefaults.Http;

/// <summary>Reads whole request bodies with a hard size cap, without trusting Content-Length.</summary>
public static class RequestBodies
{
    /// <summary>
    /// The body as a new array (so the request's buffers are released at once), or null when it is, or claims to be,
    /// longer than <paramref name="limit"/> bytes; reading stops as soon as the cap is passed.
    /// </summary>
    public static async Task<byte[]?> ReadCappedAsync(this HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > limit) return null;
        var reader = request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (read.Buffer.Length > limit)
            {
                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                return null;
            }
            if (read.IsCompleted || read.IsCanceled)
            {
                var body = read.Buffer.ToArray();
                reader.AdvanceTo(read.Buffer.End);
                return body;
            }
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }
}
