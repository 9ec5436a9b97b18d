using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AgentPlatform.Protocol.AgentChat;

/// <summary>
/// Serializes server → client frames: one JSON object per text frame, <c>type</c> then <c>ts</c> (ms) then the fields,
/// as 0.7.0 orders them. Non-ASCII text is written as UTF-8, not escaped (what <c>JSON.stringify</c> does).
/// </summary>
public static class AgentChatWriter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false, SkipValidation = false };

    public static byte[] Welcome(string agentId, string server, long ts) => Frame(AgentChatTypes.Welcome, ts, w =>
    {
        w.WriteString("agent_id", agentId);
        w.WriteString("server", server);
    });

    /// <summary>A delivered MSG. <paramref name="replay"/> marks the channel history a joiner receives.</summary>
    public static byte[] Msg(string from, string to, string content, long ts, string? sig, bool replay = false) => Frame(AgentChatTypes.Msg, ts, w =>
    {
        w.WriteString("from", from);
        w.WriteString("to", to);
        w.WriteString("content", content);
        if (sig is not null) w.WriteString("sig", sig);
        if (replay) w.WriteBoolean("replay", true);
    });

    public static byte[] Joined(string channel, IEnumerable<string> agents, long ts) => Frame(AgentChatTypes.Joined, ts, w =>
    {
        w.WriteString("channel", channel);
        WriteStrings(w, "agents", agents);
    });

    public static byte[] Left(string channel, string agent, long ts) => Frame(AgentChatTypes.Left, ts, w =>
    {
        w.WriteString("channel", channel);
        w.WriteString("agent", agent);
    });

    public static byte[] AgentJoined(string channel, string agent, long ts) => Frame(AgentChatTypes.AgentJoined, ts, w =>
    {
        w.WriteString("channel", channel);
        w.WriteString("agent", agent);
    });

    public static byte[] AgentLeft(string channel, string agent, long ts) => Frame(AgentChatTypes.AgentLeft, ts, w =>
    {
        w.WriteString("channel", channel);
        w.WriteString("agent", agent);
    });

    public static byte[] Channels(IEnumerable<(string Name, int Agents)> list, long ts) => Frame(AgentChatTypes.Channels, ts, w =>
    {
        w.WriteStartArray("list");
        foreach (var (name, agents) in list)
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteNumber("agents", agents);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    public static byte[] Agents(string channel, IEnumerable<string> list, long ts) => Frame(AgentChatTypes.Agents, ts, w =>
    {
        w.WriteString("channel", channel);
        WriteStrings(w, "list", list);
    });

    public static byte[] Error(string code, string message, long ts) => Frame(AgentChatTypes.Error, ts, w =>
    {
        w.WriteString("code", code);
        w.WriteString("message", message);
    });

    public static byte[] Pong(long ts) => Frame(AgentChatTypes.Pong, ts, _ => { });

    public static byte[] Challenge(string challengeId, string nonce, long expiresAt, long ts) => Frame(AgentChatTypes.Challenge, ts, w =>
    {
        w.WriteString("challenge_id", challengeId);
        w.WriteString("nonce", nonce);
        w.WriteNumber("expires_at", expiresAt);
    });

    /// <summary>PROPOSAL to both parties: every field of the record, absent ones as null (as 0.7.0 relays them).</summary>
    public static byte[] Proposal(ProposalRecord p, long ts)
    {
        ArgumentNullException.ThrowIfNull(p);
        return Frame(AgentChatTypes.Proposal, ts, w =>
        {
            w.WriteString("id", p.Id);
            w.WriteString("from", p.From);
            w.WriteString("to", p.To);
            w.WriteString("task", p.Task);
            w.WritePropertyName("amount");
            if (p.Amount is { } amount) amount.WriteTo(w);
            else w.WriteNullValue();
            w.WriteString("currency", p.Currency);
            w.WriteString("payment_code", p.PaymentCode);
            w.WriteString("terms", p.Terms);
            WriteNumberOrNull(w, "expires", p.Expires);
            w.WriteString("status", p.Status);
            w.WriteNumber("created_at", p.CreatedAt);
            w.WriteString("sig", p.Sig);
        });
    }

    /// <summary>
    /// ACCEPT/REJECT/COMPLETE/DISPUTE relayed to both parties: <c>{proposal_id, status, updated_at, …, sig}</c> with
    /// the verb's fields (<c>payment_code</c>; <c>reason</c>; <c>completed_by, completed_at, proof</c>;
    /// <c>disputed_by, disputed_at, reason</c>).
    /// </summary>
    public static byte[] ProposalReply(string verb, string proposalId, string status, long updatedAt, string by, string? text, string sig, long ts) => Frame(verb, ts, w =>
    {
        w.WriteString("proposal_id", proposalId);
        w.WriteString("status", status);
        w.WriteNumber("updated_at", updatedAt);
        switch (verb)
        {
            case AgentChatTypes.Accept:
                w.WriteString("payment_code", text);
                break;
            case AgentChatTypes.Reject:
                w.WriteString("reason", text);
                break;
            case AgentChatTypes.Complete:
                w.WriteString("completed_by", by);
                w.WriteNumber("completed_at", updatedAt);
                w.WriteString("proof", text);
                break;
            default:
                w.WriteString("disputed_by", by);
                w.WriteNumber("disputed_at", updatedAt);
                w.WriteString("reason", text);
                break;
        }
        w.WriteString("sig", sig);
    });

    private static void WriteNumberOrNull(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    private static byte[] Frame(string type, long ts, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteString("type", type);
            w.WriteNumber("ts", ts);
            body(w);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
