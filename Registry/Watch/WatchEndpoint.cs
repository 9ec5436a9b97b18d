using System.Globalization;
using System.Text.Json;
using AgentPlatform.Protocol.Registry;
using AgentPlatform.Registry.Api;
using AgentPlatform.Registry.Diagnostics;
using AgentPlatform.Registry.Options;
using AgentPlatform.Registry.Stores;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Registry.Watch;

/// <summary><c>GET /v1/watch</c>: snapshot or replay from a cursor, then live events (registry.md, "Watch stream").</summary>
public static class WatchEndpoint
{
    public static async Task HandleAsync(HttpContext context, IRegistryStore store, IOptions<RegistryOptions> options,
        TimeProvider time, RegistryTelemetry telemetry, IHostApplicationLifetime lifetime, ILogger<RegistryStoreMarker> logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(telemetry);
        var cursorText = context.Request.Headers["Last-Event-ID"].FirstOrDefault() ?? context.Request.Query["cursor"].FirstOrDefault();
        long? cursor = null;
        if (!string.IsNullOrEmpty(cursorText))
        {
            if (!long.TryParse(cursorText, NumberStyles.None, CultureInfo.InvariantCulture, out var c))
            {
                await Problems.Validation(new Dictionary<string, string[]> { ["cursor"] = ["must be a non-negative integer"] })
                    .ExecuteAsync(context).ConfigureAwait(false);
                return;
            }
            cursor = c;
        }

        ArgumentNullException.ThrowIfNull(lifetime);
        // Watch streams never end by themselves: end them on shutdown so the host stops promptly (clients resume).
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var ct = stop.Token;
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        var output = context.Response.BodyWriter;

        using var subscription = store.Events.Subscribe();
        telemetry.Watchers.Add(1);
        long sent = 0;
        var why = "client closed";
        try
        {
            SseFormatter.WriteRetry(output, 1000);
            long last;
            if (cursor is { } from && await store.ReadEventsSinceAsync(from).ConfigureAwait(false) is { Complete: true } range)
            {
                last = from;
                foreach (var e in range.Events)
                {
                    WriteEvent(output, e);
                    last = e.Sequence;
                    sent++;
                }
            }
            else
            {
                last = await WriteSnapshotAsync(output, store).ConfigureAwait(false);
            }
            await output.FlushAsync(ct).ConfigureAwait(false);

            var keepAlive = options.Value.KeepAliveInterval;
            Task<bool>? wait = null;
            while (!ct.IsCancellationRequested)
            {
                wait ??= subscription.Reader.WaitToReadAsync(ct).AsTask();
                using var delayCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var done = await Task.WhenAny(wait, Task.Delay(keepAlive, time, delayCts.Token)).ConfigureAwait(false);
                await delayCts.CancelAsync().ConfigureAwait(false);
                if (done != wait)
                {
                    SseFormatter.WriteComment(output, "keep-alive");
                    await output.FlushAsync(ct).ConfigureAwait(false);
                    continue;
                }
                var more = await wait.ConfigureAwait(false);
                wait = null;
                if (!more) break;
                while (subscription.Reader.TryRead(out var evt))
                {
                    if (evt.Sequence <= last) continue;
                    if (evt.Sequence > last + 1)
                    {
                        // A gap (pub/sub hiccup): fill it from the store's history, or resync with a snapshot.
                        var gap = await store.ReadEventsSinceAsync(last).ConfigureAwait(false);
                        if (!gap.Complete)
                        {
                            last = await WriteSnapshotAsync(output, store).ConfigureAwait(false);
                            continue;
                        }
                        foreach (var g in gap.Events.Where(g => g.Sequence < evt.Sequence))
                        {
                            WriteEvent(output, g);
                            sent++;
                        }
                    }
                    WriteEvent(output, evt);
                    last = evt.Sequence;
                    sent++;
                }
                await output.FlushAsync(ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (WatcherTooSlowException)
        {
            why = "too slow";
        }
        finally
        {
            telemetry.Watchers.Add(-1);
            Log.WatcherEnded(logger, sent, why);
        }
    }

    private static async Task<long> WriteSnapshotAsync(System.IO.Pipelines.PipeWriter output, IRegistryStore store)
    {
        var snapshot = await store.SnapshotAsync().ConfigureAwait(false);
        var data = new WatchSnapshot { Cursor = snapshot.Cursor, Agents = AgentQuery.Group(snapshot.Instances) };
        SseFormatter.WriteEvent(output, snapshot.Cursor, WatchEventTypes.Snapshot,
            JsonSerializer.SerializeToUtf8Bytes(data, RegistryJsonContext.Default.WatchSnapshot));
        return snapshot.Cursor;
    }

    private static void WriteEvent(System.IO.Pipelines.PipeWriter output, RegistryEvent evt) =>
        SseFormatter.WriteEvent(output, evt.Sequence, evt.Type,
            JsonSerializer.SerializeToUtf8Bytes(evt.Instance, RegistryJsonContext.Default.AgentInstance));
}
