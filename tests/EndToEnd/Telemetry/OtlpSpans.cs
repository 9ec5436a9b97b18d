using System.Text;

namespace AgentPlatform.EndToEnd.Telemetry;

/// <summary>One span of an OTLP export, with the service that sent it.</summary>
public sealed record OtlpSpan(string Service, string Name, string TraceId, string SpanId, string ParentSpanId, IReadOnlyDictionary<string, string> Attributes);

/// <summary>
/// Reads the spans out of OTLP/HTTP protobuf trace bodies (opentelemetry-proto trace.proto): TracesData{1:
/// ResourceSpans{1: Resource{1: KeyValue}, 2: ScopeSpans{2: Span{1 trace_id, 2 span_id, 4 parent_span_id, 5 name,
/// 9 attributes}}}}. Only string attributes are kept; everything else is skipped by wire type.
/// </summary>
public static class OtlpSpans
{
    public static IEnumerable<OtlpSpan> Read(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var spans = new List<OtlpSpan>();
        foreach (var (field, resourceSpans) in Fields(body))
        {
            if (field != 1) continue;
            var service = "";
            foreach (var (f, value) in Fields(resourceSpans))
            {
                if (f == 1) service = Attributes(value).GetValueOrDefault("service.name", "");
            }
            foreach (var (f, scopeSpans) in Fields(resourceSpans))
            {
                if (f != 2) continue;
                foreach (var (g, span) in Fields(scopeSpans))
                {
                    if (g == 2) spans.Add(Span(service, span));
                }
            }
        }
        return spans;
    }

    private static OtlpSpan Span(string service, byte[] span)
    {
        string traceId = "", spanId = "", parent = "", name = "";
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (f, value) in Fields(span))
        {
            switch (f)
            {
                case 1: traceId = Convert.ToHexStringLower(value); break;
                case 2: spanId = Convert.ToHexStringLower(value); break;
                case 4: parent = Convert.ToHexStringLower(value); break;
                case 5: name = Encoding.UTF8.GetString(value); break;
                case 9:
                    foreach (var (k, v) in Attributes([.. Tag(1, value)])) attributes[k] = v;
                    break;
            }
        }
        return new OtlpSpan(service, name, traceId, spanId, parent, attributes);
    }

    /// <summary>The string-valued KeyValues (field 1 of a message that repeats them).</summary>
    private static Dictionary<string, string> Attributes(byte[] owner)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (f, kv) in Fields(owner))
        {
            if (f != 1) continue;
            string? key = null, value = null;
            foreach (var (g, part) in Fields(kv))
            {
                if (g == 1) key = Encoding.UTF8.GetString(part);
                if (g == 2)
                {
                    foreach (var (h, s) in Fields(part))
                    {
                        if (h == 1) value = Encoding.UTF8.GetString(s);
                    }
                }
            }
            if (key is not null && value is not null) result[key] = value;
        }
        return result;
    }

    private static byte[] Tag(int field, byte[] value)
    {
        var bytes = new List<byte> { (byte)((field << 3) | 2) };
        var length = (uint)value.Length;
        while (length >= 0x80)
        {
            bytes.Add((byte)(length | 0x80));
            length >>= 7;
        }
        bytes.Add((byte)length);
        bytes.AddRange(value);
        return [.. bytes];
    }

    /// <summary>The length-delimited fields of a message (other wire types are skipped).</summary>
    private static IEnumerable<(int Field, byte[] Value)> Fields(byte[] message)
    {
        var result = new List<(int, byte[])>();
        var i = 0;
        while (i < message.Length)
        {
            var key = Varint(message, ref i);
            var field = (int)(key >> 3);
            switch (key & 7)
            {
                case 0: Varint(message, ref i); break;
                case 1: i += 8; break;
                case 5: i += 4; break;
                case 2:
                    var length = (int)Varint(message, ref i);
                    result.Add((field, message[i..(i + length)]));
                    i += length;
                    break;
                default: throw new InvalidDataException($"wire type {key & 7} at {i}");
            }
        }
        return result;
    }

    private static ulong Varint(byte[] data, ref int i)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[i++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
    }
}
