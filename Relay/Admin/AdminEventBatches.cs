using System.Buffers;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace AgentPlatform.Relay.Admin;

/// <summary>
/// Writes admin events as Server-Sent Events in batches: what arrives within <see cref="Window"/> of the first event
/// goes out in one write and one flush, and an invocation that started and ended within the batch is sent once, as
/// <c>invocation.completed</c>. A watcher (the dashboard) then wakes a few times a second under load instead of twice
/// per invocation, which on a small machine took CPU from the invocations themselves.
/// </summary>
public static class AdminEventBatches
{
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(100);

    private const int MaxBatch = 1000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task WriteAsync(ChannelReader<SseItem<object>> events, Stream body, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(time);
        var batch = new List<SseItem<object>>();
        var buffer = new ArrayBufferWriter<byte>();
        while (await events.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            await Task.Delay(Window, time, cancellationToken).ConfigureAwait(false);
            while (batch.Count < MaxBatch && events.TryRead(out var item)) batch.Add(item);
            Format(batch, buffer);
            await body.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            await body.FlushAsync(cancellationToken).ConfigureAwait(false);
            batch.Clear();
            buffer.ResetWrittenCount();
        }
    }

    /// <summary>The SSE text of a batch (event type + one-line JSON data per item), ended invocations' starts left out.</summary>
    public static void Format(IReadOnlyList<SseItem<object>> batch, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(output);
        HashSet<object>? ended = null;
        foreach (var item in batch)
        {
            if (item.EventType == "invocation.completed") (ended ??= new(ReferenceEqualityComparer.Instance)).Add(item.Data);
        }
        foreach (var item in batch)
        {
            if (item.EventType == "invocation.started" && ended?.Contains(item.Data) == true) continue;
            output.Write(Encoding.UTF8.GetBytes("event: " + item.EventType + "\ndata: "));
            using (var json = new Utf8JsonWriter(output))
            {
                JsonSerializer.Serialize(json, item.Data, item.Data.GetType(), Json);
            }
            output.Write("\n\n"u8);
        }
    }
}
