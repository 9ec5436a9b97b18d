using System.Text;

namespace AgentPlatform.EndToEnd.Telemetry;

/// <summary>
/// Finds string attributes inside OTLP protobuf export bodies by their exact encoding:
/// KeyValue{1: key, 2: AnyValue{1: string_value}} = 0x0A len KEY 0x12 len+2 0x0A len VALUE.
/// </summary>
public static class OtlpResource
{
    /// <summary>The resource attribute <c>service.name</c> carries <paramref name="name"/>.</summary>
    public static bool HasServiceName(byte[] body, string name) => HasStringAttribute(body, "service.name", name);

    public static bool HasStringAttribute(byte[] body, string key, string value)
    {
        ArgumentNullException.ThrowIfNull(body);
        var k = Encoding.UTF8.GetBytes(key);
        var v = Encoding.UTF8.GetBytes(value);
        if (k.Length > 120 || v.Length > 120) throw new ArgumentException("single-byte lengths only");
        byte[] pattern = [0x0A, (byte)k.Length, .. k, 0x12, (byte)(v.Length + 2), 0x0A, (byte)v.Length, .. v];
        return body.AsSpan().IndexOf(pattern) >= 0;
    }
}
