using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using AgentPlatform.Protocol.Functions;

namespace AgentPlatform.TestSupport;

/// <summary>Reads a relay-mode response body (docs/protocol/relay-functions.md) record by record, as the tests see it.</summary>
public static class FunctionRecordBodies
{
    public static async IAsyncEnumerable<FunctionRecord> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var reader = PipeReader.Create(stream);
        while (true)
        {
            var result = await reader.ReadAsync(ct).ConfigureAwait(false);
            var buffer = result.Buffer;
            var records = new List<FunctionRecord>();
            while (FunctionRecordReader.TryParse(ref buffer, out var record)) records.Add(record!);
            reader.AdvanceTo(buffer.Start, buffer.End);
            foreach (var record in records) yield return record;
            if (result.IsCompleted)
            {
                if (!buffer.IsEmpty) throw new FunctionProtocolException("body ended inside a record");
                break;
            }
        }
        await reader.CompleteAsync().ConfigureAwait(false);
    }
}
