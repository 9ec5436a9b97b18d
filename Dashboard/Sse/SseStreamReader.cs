using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace AgentPlatform.Dashboard.Sse;

/// <summary>Feeds an HTTP response body through <see cref="SseParser"/>: the transport half of SSE reading.</summary>
public static class SseStreamReader
{
    public static async IAsyncEnumerable<SseEvent> ReadAsync(Stream body, SseParser parser,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(parser);
        var reader = PipeReader.Create(body, new StreamPipeReaderOptions(leaveOpen: true));
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                var events = new List<SseEvent>();
                try
                {
                    while (parser.TryParse(ref buffer, out var evt)) events.Add(evt);
                }
                finally
                {
                    reader.AdvanceTo(buffer.Start, buffer.End);
                }
                foreach (var evt in events) yield return evt;
                if (result.IsCompleted || result.IsCanceled) yield break;
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }
}
