namespace AgentPlatform.Protocol.WebPubSub;

/// <summary>The <c>dataType</c> of a payload: how <c>data</c> is carried in JSON and over HTTP.</summary>
public enum WebPubSubDataType
{
    /// <summary><c>json</c>: <c>data</c> is any JSON token; HTTP <c>application/json</c>.</summary>
    Json,

    /// <summary><c>text</c>: <c>data</c> is a JSON string; HTTP <c>text/plain</c>.</summary>
    Text,

    /// <summary><c>binary</c>: <c>data</c> is base64 in JSON; HTTP <c>application/octet-stream</c>.</summary>
    Binary,
}
