using System.Text;

namespace AgentPlatform.Relay.Acp.Connections;

/// <summary>WebSocket close reasons: at most 123 bytes of UTF-8 (RFC 6455 section 5.5), cut on a character boundary.</summary>
public static class AcpCloseReasons
{
    public const int MaxBytes = 123;

    public static string Fit(string? reason)
    {
        if (string.IsNullOrEmpty(reason)) return "";
        if (Encoding.UTF8.GetByteCount(reason) <= MaxBytes) return reason;
        var length = reason.Length;
        while (length > 0 && Encoding.UTF8.GetByteCount(reason.AsSpan(0, length)) > MaxBytes) length--;
        if (length > 0 && char.IsHighSurrogate(reason[length - 1])) length--;
        return reason[..length];
    }
}
