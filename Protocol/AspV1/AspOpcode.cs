namespace AgentPlatform.Protocol.AspV1;

/// <summary>The first byte of every asp-v1 message (docs/protocol/asp-v1.md, "Frames").</summary>
public enum AspOpcode : byte
{
    /// <summary>Handshake, both directions; the first frame each side sends.</summary>
    Hello = 0x01,
    /// <summary>Client to server: start an invocation of an agent.</summary>
    Invoke = 0x02,
    /// <summary>Server to client: one chunk of an invocation's output.</summary>
    Stream = 0x03,
    /// <summary>Both directions: cancel or steer an in-flight invocation.</summary>
    Interrupt = 0x04,
    /// <summary>Server to client: tools discovered just in time.</summary>
    ToolDef = 0x05,
    /// <summary>Server to client: an invocation ended with a result.</summary>
    Complete = 0x06,
    /// <summary>Both directions: an invocation or the connection failed.</summary>
    Error = 0x07,
    /// <summary>Server to client: the agent asks the client something mid-invocation.</summary>
    Request = 0x08,
    /// <summary>Client to server: the answer to a REQUEST.</summary>
    Reply = 0x09,
    /// <summary>Both directions: cumulative acknowledgement of session sequence numbers (reliable sessions).</summary>
    Ack = 0x0A,
}
