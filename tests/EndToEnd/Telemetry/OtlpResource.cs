using System.Text;

namespace AgentPlatform.EndToEnd.Telemetry;

/// <summary>
/// Recognises the resource attribute <c>service.name = NAME</c> inside an OTLP protobuf export body by its
/// exact encoding: KeyValue{1: key, 2: AnyValue{1: string_value}}, i.e. "service.name" 0x12 len 0x0A len NAME.
/// </summary>
public static class OtlpResource
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("service.name");

    public static bool HasServiceName(byte[] body, string name)
    {
        ArgumentNullException.ThrowIfNull(body);
        var value = Encoding.UTF8.GetBytes(name);
        if (value.Length > 120) throw new ArgumentException("single-byte lengths only", nameof(name));
        byte[] pattern = [.. Key, 0x12, (byte)(value.Length + 2), 0x0A, (byte)value.Length, .. value];
        return body.AsSpan().IndexOf(pattern) >= 0;
    }
}
