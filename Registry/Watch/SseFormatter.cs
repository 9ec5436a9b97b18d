using System.Buffers;
using System.Globalization;
using System.Text;

namespace AgentPlatform.Registry.Watch;

/// <summary>
/// Writes Server-Sent Events (WHATWG HTML, "Server-sent events"). Data is single-line JSON, so one
/// <c>data:</c> line per event suffices.
/// </summary>
public static class SseFormatter
{
    public static void WriteEvent(IBufferWriter<byte> output, long id, string eventName, ReadOnlySpan<byte> jsonData)
    {
        ArgumentNullException.ThrowIfNull(output);
        WriteAscii(output, "id: ");
        WriteAscii(output, id.ToString(CultureInfo.InvariantCulture));
        WriteAscii(output, "\nevent: ");
        WriteAscii(output, eventName);
        WriteAscii(output, "\ndata: ");
        output.Write(jsonData);
        WriteAscii(output, "\n\n");
    }

    public static void WriteRetry(IBufferWriter<byte> output, int milliseconds) =>
        WriteAscii(output, "retry: " + milliseconds.ToString(CultureInfo.InvariantCulture) + "\n\n");

    public static void WriteComment(IBufferWriter<byte> output, string text) => WriteAscii(output, ": " + text + "\n\n");

    private static void WriteAscii(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(text.Length);
        var n = Encoding.ASCII.GetBytes(text, span);
        output.Advance(n);
    }
}
