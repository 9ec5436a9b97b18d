using System.Text;
using System.Text.Json;
using AgentPlatform.Protocol.AgentChat.Messages;

namespace AgentPlatform.Protocol.AgentChat;

/// <summary>
/// Parses and validates one client → server frame. Pure and total: any input gives a message or an INVALID_MSG text;
/// nothing else escapes. Checks what 0.7.0 checks (names, channels, targets, content length, Ed25519 pubkeys, the
/// presence of signatures) with strict JSON types where the reference relied on truthiness.
/// </summary>
public static class AgentChatParser
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = AgentChatLimits.MaxDepth, AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    public static AgentChatParseResult Parse(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = DocumentOptions.MaxDepth, AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
            using var doc = JsonDocument.ParseValue(ref reader);
            if (reader.BytesConsumed != utf8.Length && !IsWhitespace(utf8[(int)reader.BytesConsumed..])) return AgentChatParseResult.Fail("Invalid JSON");
            return Classify(doc.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            return AgentChatParseResult.Fail("Invalid JSON");
        }
    }

    /// <summary>Parses a string (tests, already decoded frames).</summary>
    public static AgentChatParseResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(Encoding.UTF8.GetBytes(text));
    }

    private static bool IsWhitespace(ReadOnlySpan<byte> rest)
    {
        foreach (var b in rest)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return false;
        }
        return true;
    }

    private static AgentChatParseResult Classify(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) return AgentChatParseResult.Fail("Message must be a JSON object");
        if (!root.TryGetProperty("type", out var typeEl) || !JavaScriptJson.IsTruthy(typeEl)) return AgentChatParseResult.Fail("Missing message type");
        var type = typeEl.ValueKind == JsonValueKind.String ? typeEl.GetString()! : typeEl.GetRawText();
        return type switch
        {
            AgentChatTypes.Identify => Identify(root),
            AgentChatTypes.Join => ChannelOnly(root, c => new JoinMessage(c)),
            AgentChatTypes.Leave => ChannelOnly(root, c => new LeaveMessage(c)),
            AgentChatTypes.ListAgents => ChannelOnly(root, c => new ListAgentsMessage(c)),
            AgentChatTypes.Msg => Msg(root),
            AgentChatTypes.CreateChannel => ChannelOnly(root, c => new CreateChannelMessage(c, JavaScriptJson.IsTruthy(Optional(root, "invite_only")))),
            AgentChatTypes.Invite => Invite(root),
            AgentChatTypes.ListChannels => new(new ListChannelsMessage(), null),
            AgentChatTypes.Ping => new(new PingMessage(), null),
            AgentChatTypes.Proposal => Proposal(root),
            AgentChatTypes.Accept or AgentChatTypes.Reject or AgentChatTypes.Complete or AgentChatTypes.Dispute => Reply(root, type),
            AgentChatTypes.VerifyIdentity => Verify(root),
            _ => AgentChatParseResult.Fail("Unknown message type: " + Truncate(type)),
        };
    }

    private static AgentChatParseResult Identify(JsonElement root)
    {
        var name = String(root, "name");
        if (!AgentChatNames.IsValidName(name)) return AgentChatParseResult.Fail("Invalid agent name");
        var pubkeyEl = Optional(root, "pubkey");
        if (pubkeyEl is null) return new(new IdentifyMessage(name!, null, null), null);
        var pubkey = pubkeyEl.Value.ValueKind == JsonValueKind.String ? pubkeyEl.Value.GetString() : null;
        if (!Ed25519Pem.TryParsePublicKey(pubkey, out var key)) return AgentChatParseResult.Fail("Invalid public key format (must be Ed25519 PEM)");
        return new(new IdentifyMessage(name!, pubkey, key), null);
    }

    private static AgentChatParseResult ChannelOnly(JsonElement root, Func<string, AgentChatClientMessage> make)
    {
        var channel = String(root, "channel");
        return AgentChatNames.IsValidChannel(channel) ? new(make(channel!), null) : AgentChatParseResult.Fail("Invalid channel name");
    }

    private static AgentChatParseResult Msg(JsonElement root)
    {
        var to = String(root, "to");
        if (string.IsNullOrEmpty(to)) return AgentChatParseResult.Fail("Missing target");
        if (AgentChatNames.IsChannel(to) ? !AgentChatNames.IsValidChannel(to) : !IsValidAgentTarget(to)) return AgentChatParseResult.Fail("Invalid target (must be #channel or @agent)");
        if (!root.TryGetProperty("content", out var contentEl) || contentEl.ValueKind != JsonValueKind.String) return AgentChatParseResult.Fail("Missing or invalid content");
        var content = contentEl.GetString()!;
        if (content.Length > AgentChatLimits.MaxContentLength) return AgentChatParseResult.Fail($"Content too long (max {AgentChatLimits.MaxContentLength} chars)");
        if (HasLoneSurrogate(content)) return AgentChatParseResult.Fail("Content is not valid Unicode");
        var sigEl = Optional(root, "sig");
        if (sigEl is { ValueKind: not JsonValueKind.String }) return AgentChatParseResult.Fail("Invalid signature format");
        var tsEl = Optional(root, "ts");
        long? ts = null;
        if (tsEl is { } t)
        {
            if (t.ValueKind != JsonValueKind.Number || !t.TryGetInt64(out var v) || v < 0) return AgentChatParseResult.Fail("ts must be a non-negative integer (ms)");
            ts = v;
        }
        var sig = sigEl?.GetString();
        if (!string.IsNullOrEmpty(sig) && ts is null) return AgentChatParseResult.Fail("A signed MSG must carry the ts it signed");
        return new(new ChatMessage(to, content, ts, string.IsNullOrEmpty(sig) ? null : sig), null);
    }

    private static AgentChatParseResult Invite(JsonElement root)
    {
        var channel = String(root, "channel");
        if (!AgentChatNames.IsValidChannel(channel)) return AgentChatParseResult.Fail("Invalid channel name");
        var agent = String(root, "agent");
        if (!IsValidAgentTarget(agent)) return AgentChatParseResult.Fail("Invalid agent target");
        return new(new InviteMessage(channel!, agent!), null);
    }

    private static AgentChatParseResult Proposal(JsonElement root)
    {
        var to = String(root, "to");
        if (string.IsNullOrEmpty(to)) return AgentChatParseResult.Fail("Missing target (to)");
        if (!IsValidAgentTarget(to)) return AgentChatParseResult.Fail("Proposals must be sent to an agent (@id)");
        var task = String(root, "task");
        if (string.IsNullOrEmpty(task)) return AgentChatParseResult.Fail("Missing or invalid task description");
        if (task.Length > AgentChatLimits.MaxProposalFieldLength) return AgentChatParseResult.Fail($"task too long (max {AgentChatLimits.MaxProposalFieldLength} characters)");
        var sig = String(root, "sig");
        if (string.IsNullOrEmpty(sig)) return AgentChatParseResult.Fail("Proposals must be signed");
        var expiresEl = Optional(root, "expires");
        double? expires = null;
        if (expiresEl is { } e)
        {
            if (e.ValueKind != JsonValueKind.Number || !double.IsFinite(e.GetDouble())) return AgentChatParseResult.Fail("expires must be a number (seconds)");
            expires = e.GetDouble();
        }
        var amount = Optional(root, "amount");
        if (amount is { ValueKind: not (JsonValueKind.Number or JsonValueKind.String) }) return AgentChatParseResult.Fail("amount must be a number");
        foreach (var field in (string[])["currency", "payment_code", "terms"])
        {
            if (Optional(root, field) is not { } value) continue;
            if (value.ValueKind != JsonValueKind.String) return AgentChatParseResult.Fail(field + " must be a string");
            if (value.GetString()!.Length > AgentChatLimits.MaxProposalFieldLength) return AgentChatParseResult.Fail($"{field} too long (max {AgentChatLimits.MaxProposalFieldLength} characters)");
        }
        return new(new ProposalMessage(to, task, amount, Optional(root, "currency"), Optional(root, "payment_code"), Optional(root, "terms"), expires, sig), null);
    }

    private static AgentChatParseResult Reply(JsonElement root, string verb)
    {
        var id = String(root, "proposal_id");
        if (string.IsNullOrEmpty(id)) return AgentChatParseResult.Fail("Missing proposal_id");
        var field = verb == AgentChatTypes.Accept ? "payment_code" : verb == AgentChatTypes.Complete ? "proof" : "reason";
        var textEl = Optional(root, field);
        if (textEl is { ValueKind: not JsonValueKind.String }) return AgentChatParseResult.Fail(field + " must be a string");
        var text = textEl?.GetString();
        if (verb == AgentChatTypes.Dispute && string.IsNullOrEmpty(text)) return AgentChatParseResult.Fail("Missing or invalid dispute reason");
        var sig = String(root, "sig");
        if (string.IsNullOrEmpty(sig)) return AgentChatParseResult.Fail(verb + " must be signed");
        return new(new ProposalReplyMessage(verb, id, string.IsNullOrEmpty(text) ? null : text, sig), null);
    }

    private static AgentChatParseResult Verify(JsonElement root)
    {
        var id = String(root, "challenge_id");
        var signature = String(root, "signature");
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(signature)) return AgentChatParseResult.Fail("Missing challenge_id or signature");
        if (!root.TryGetProperty("timestamp", out var t) || t.ValueKind != JsonValueKind.Number || !t.TryGetInt64(out var timestamp)) return AgentChatParseResult.Fail("Missing or invalid timestamp");
        return new(new VerifyIdentityMessage(id, signature, timestamp), null);
    }

        /// <summary><c>@</c> then 1-64 of <c>[A-Za-z0-9_.-]</c>: an agent id, or a platform agent's registry name.</summary>
    public static bool IsValidAgentTarget(string? target) =>
        target is { Length: >= 2 and <= 65 } && target[0] == '@' && AllNameChars(target.AsSpan(1));

    private static bool AllNameChars(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-' || c == '.')) return false;
        }
        return true;
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var el) && el.ValueKind == JsonValueKind.String ? el.GetString() : null;

    /// <summary>A field that is present and not null (JSON null counts as absent).</summary>
    private static JsonElement? Optional(JsonElement root, string name) =>
        root.TryGetProperty(name, out var el) && el.ValueKind != JsonValueKind.Null ? el.Clone() : null;

    private static bool HasLoneSurrogate(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            else if (char.IsSurrogate(s[i])) return true;
        }
        return false;
    }

    private static string Truncate(string s) => s.Length <= 64 ? s : s[..64];
}
