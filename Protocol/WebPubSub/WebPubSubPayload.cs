using System.Text;

namespace AgentPlatform.Protocol.WebPubSub;

/// <summary>
/// A payload in its transport-neutral form: for <see cref="WebPubSubDataType.Json"/> the UTF-8 JSON text of the
/// token, for <see cref="WebPubSubDataType.Text"/> the UTF-8 bytes of the string, for
/// <see cref="WebPubSubDataType.Binary"/> the raw bytes. This is exactly an HTTP body of the matching content type,
/// so payloads pass between WebSocket frames, CloudEvents and REST calls without re-encoding.
/// </summary>
public readonly record struct WebPubSubPayload(WebPubSubDataType DataType, ReadOnlyMemory<byte> Bytes)
{
    public const string JsonContentType = "application/json";
    public const string TextContentType = "text/plain";
    public const string BinaryContentType = "application/octet-stream";

    /// <summary>A text payload.</summary>
    public static WebPubSubPayload FromText(string text) => new(WebPubSubDataType.Text, Encoding.UTF8.GetBytes(text));

    /// <summary>The wire name of a data type (<c>json</c>, <c>text</c>, <c>binary</c>).</summary>
    public static string Name(WebPubSubDataType type) => type switch
    {
        WebPubSubDataType.Text => "text",
        WebPubSubDataType.Binary => "binary",
        _ => "json",
    };

    /// <summary>Parses a wire data type name; <c>protobuf</c> is carried as binary.</summary>
    public static bool TryParseName(string? name, out WebPubSubDataType type)
    {
        switch (name)
        {
            case "json": type = WebPubSubDataType.Json; return true;
            case "text": type = WebPubSubDataType.Text; return true;
            case "binary" or "protobuf": type = WebPubSubDataType.Binary; return true;
            default: type = default; return false;
        }
    }

    /// <summary>The HTTP content type of this payload (without parameters).</summary>
    public string ContentType => ContentTypeOf(DataType);

    public static string ContentTypeOf(WebPubSubDataType type) => type switch
    {
        WebPubSubDataType.Text => TextContentType,
        WebPubSubDataType.Binary => BinaryContentType,
        _ => JsonContentType,
    };

    /// <summary>
    /// Maps an HTTP Content-Type to a data type, ignoring parameters such as <c>charset</c> (the express SDK
    /// answers <c>application/json; charset=utf-8</c>). Returns false for anything else.
    /// </summary>
    public static bool TryFromContentType(string? contentType, out WebPubSubDataType type)
    {
        type = default;
        if (string.IsNullOrWhiteSpace(contentType)) return false;
        var semi = contentType.IndexOf(';', StringComparison.Ordinal);
        var media = (semi >= 0 ? contentType[..semi] : contentType).Trim();
        if (media.Equals(JsonContentType, StringComparison.OrdinalIgnoreCase)) { type = WebPubSubDataType.Json; return true; }
        if (media.Equals(TextContentType, StringComparison.OrdinalIgnoreCase)) { type = WebPubSubDataType.Text; return true; }
        if (media.Equals(BinaryContentType, StringComparison.OrdinalIgnoreCase)) { type = WebPubSubDataType.Binary; return true; }
        return false;
    }
}
