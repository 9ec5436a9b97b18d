using System.Globalization;
using System.Text;

namespace AgentPlatform.Protocol.Aid;

/// <summary>
/// Parses and validates one AID TXT value (the character-strings of one TXT record already concatenated), pure.
/// Rules: docs/protocol/aid.md, "Parsing". Never throws on any input: failures are an <see cref="AidError"/>.
/// </summary>
public static class AidRecordParser
{
    private static readonly (string Full, string Alias)[] Keys =
        [("version", "v"), ("uri", "u"), ("proto", "p"), ("auth", "a"), ("desc", "s"), ("docs", "d"), ("dep", "e"), ("pka", "k"), ("kid", "i")];

    public static bool TryParse(string? txt, out AidRecord? record, out AidError? error)
    {
        record = null;
        error = null;
        if (txt is null) return Fail(AidErrorCode.InvalidTxt, "empty record", out error);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var rawPair in txt.Split(';'))
        {
            var pair = rawPair.Trim();
            if (pair.Length == 0) continue;
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0) return Fail(AidErrorCode.InvalidTxt, "a pair without '='", out error);
            var key = pair[..eq].Trim().ToLowerInvariant();
            var value = pair[(eq + 1)..].Trim();
            if (key.Length == 0 || value.Length == 0) return Fail(AidErrorCode.InvalidTxt, "an empty key or value", out error);
            var canonical = Canonical(key);
            if (canonical is null) continue; // unknown keys are ignored (forward compatibility)
            if (values.ContainsKey(canonical)) return Fail(AidErrorCode.InvalidTxt, $"key '{canonical}' given twice (or with its alias)", out error);
            values[canonical] = value;
        }
        return Validate(values, out record, out error);
    }

    private static string? Canonical(string key)
    {
        foreach (var (full, alias) in Keys)
        {
            if (key == full || key == alias) return full;
        }
        // "v" is the key the spec actually uses; "version" is accepted as its long form.
        return null;
    }

    private static bool Validate(Dictionary<string, string> v, out AidRecord? record, out AidError? error)
    {
        record = null;
        if (!v.TryGetValue("version", out var version)) return Fail(AidErrorCode.InvalidTxt, "missing v", out error);
        if (!v.TryGetValue("uri", out var uri)) return Fail(AidErrorCode.InvalidTxt, "missing uri", out error);
        if (!v.TryGetValue("proto", out var proto)) return Fail(AidErrorCode.InvalidTxt, "missing proto", out error);
        version = version.ToLowerInvariant();
        if (version is not (AidTokens.V1 or AidTokens.V2)) return Fail(AidErrorCode.InvalidTxt, "unsupported version (aid1 or aid2 expected)", out error);
        if (!AidTokens.Protocols.Contains(proto)) return Fail(AidErrorCode.UnsupportedProto, $"unsupported protocol '{proto}'", out error);
        v.TryGetValue("auth", out var auth);
        if (auth is not null && !AidTokens.AuthSchemes.Contains(auth)) return Fail(AidErrorCode.InvalidTxt, "unknown auth token", out error);
        v.TryGetValue("desc", out var desc);
        if (desc is not null && Encoding.UTF8.GetByteCount(desc) > AidTokens.MaxDescBytes) return Fail(AidErrorCode.InvalidTxt, "desc longer than 60 UTF-8 bytes", out error);
        v.TryGetValue("docs", out var docs);
        if (docs is not null && !IsAbsolute(docs, "https")) return Fail(AidErrorCode.InvalidTxt, "docs must be an absolute https URL", out error);
        DateTimeOffset? dep = null;
        if (v.TryGetValue("dep", out var depText))
        {
            if (!depText.EndsWith('Z') || !DateTimeOffset.TryParse(depText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d))
            {
                return Fail(AidErrorCode.InvalidTxt, "dep must be an ISO 8601 UTC timestamp", out error);
            }
            dep = d;
        }
        v.TryGetValue("pka", out var pka);
        v.TryGetValue("kid", out var kid);
        if (version == AidTokens.V1 && pka is not null && kid is null) return Fail(AidErrorCode.InvalidTxt, "kid is required with pka in aid1", out error);
        if (version == AidTokens.V2 && kid is not null) return Fail(AidErrorCode.InvalidTxt, "kid is not allowed in aid2", out error);
        if (!ValidateUri(proto, uri, out error)) return false;
        record = new AidRecord { Version = version, Uri = uri, Proto = proto, Auth = auth, Desc = desc, Docs = docs, Dep = dep, Pka = pka, Kid = kid };
        return true;
    }

    private static bool ValidateUri(string proto, string uri, out AidError? error)
    {
        error = null;
        switch (proto)
        {
            case "local":
                var colon = uri.IndexOf(':', StringComparison.Ordinal);
                return colon > 0 && AidTokens.LocalSchemes.Contains(uri[..colon])
                    || Fail(AidErrorCode.InvalidTxt, "proto=local needs a docker:, npx: or pip: URI", out error);
            case "zeroconf":
                return uri.StartsWith("zeroconf:", StringComparison.Ordinal) || Fail(AidErrorCode.InvalidTxt, "proto=zeroconf needs a zeroconf: URI", out error);
            case AidTokens.WebSocket:
                // Seed 001: an unencrypted ws:// endpoint is a security refusal, not a syntax error.
                if (uri.StartsWith("ws://", StringComparison.OrdinalIgnoreCase)) return Fail(AidErrorCode.Security, "p=websocket requires wss://, not ws://", out error);
                return IsAbsolute(uri, "wss") || Fail(AidErrorCode.InvalidTxt, "p=websocket requires an absolute wss:// URI", out error);
            default:
                return IsAbsolute(uri, "https") || Fail(AidErrorCode.InvalidTxt, $"proto={proto} requires an absolute https:// URI", out error);
        }
    }

    private static bool IsAbsolute(string uri, string scheme) =>
        uri.StartsWith(scheme + "://", StringComparison.Ordinal)
        && System.Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Scheme == scheme && parsed.Host.Length > 0;

    private static bool Fail(AidErrorCode code, string message, out AidError? error)
    {
        error = new AidError(code, message);
        return false;
    }
}
