using System.Buffers;
using AgentPlatform.Dashboard.Sse;
using AgentPlatform.Dashboard.State;

namespace AgentPlatform.Dashboard.Live;

/// <summary><c>GET /api/live</c>: the browser's Server-Sent Events stream (docs/operations/dashboard.md).</summary>
public static class LiveEndpoint
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static async Task HandleAsync(HttpContext context, LiveFeed feed, OverviewBuilder overview, AgentStore agents,
        InvocationLog invocations, SeriesRecorder series)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(feed);
        var response = context.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        var aborted = context.RequestAborted;

        // Subscribe before taking the snapshot: a change racing the snapshot then arrives twice
        // (harmless, the browser upserts) instead of never.
        var reader = feed.Subscribe(out var unsubscribe);
        try
        {
            var head = new ArrayBufferWriter<byte>();
            head.Write("retry: 1000\n\n"u8);
            var snapshot = new LiveSnapshot(overview.Build(series.Latest()), series.Points(), agents.Snapshot(),
                agents.History(), invocations.Recent(InvocationLog.Capacity));
            head.Write(LiveFeed.Encode("snapshot", snapshot).Bytes.Span);
            await response.Body.WriteAsync(head.WrittenMemory, aborted).ConfigureAwait(false);
            await response.Body.FlushAsync(aborted).ConfigureAwait(false);

            while (!aborted.IsCancellationRequested)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                idle.CancelAfter(KeepAlive);
                bool more;
                try
                {
                    more = await reader.WaitToReadAsync(idle.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
                {
                    var comment = new ArrayBufferWriter<byte>();
                    SseWriter.WriteComment(comment, " keep-alive");
                    await response.Body.WriteAsync(comment.WrittenMemory, aborted).ConfigureAwait(false);
                    await response.Body.FlushAsync(aborted).ConfigureAwait(false);
                    continue;
                }
                if (!more) break;
                while (reader.TryRead(out var message))
                {
                    await response.Body.WriteAsync(message.Bytes, aborted).ConfigureAwait(false);
                }
                await response.Body.FlushAsync(aborted).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The browser went away: nothing to report.
        }
        catch (InvalidOperationException)
        {
            // The feed dropped this browser for falling behind; EventSource reconnects and resnapshots.
        }
        finally
        {
            unsubscribe();
        }
    }
}
