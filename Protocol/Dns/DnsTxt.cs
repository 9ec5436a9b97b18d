namespace AgentPlatform.Protocol.Dns;

/// <summary>TXT RDATA (RFC 1035 §3.3.14): one or more length-prefixed character-strings of up to 255 bytes.</summary>
public static class DnsTxt
{
    public static bool TryDecode(ReadOnlySpan<byte> rdata, out IReadOnlyList<byte[]> strings, out string? error)
    {
        var list = new List<byte[]>();
        strings = list;
        var pos = 0;
        if (rdata.IsEmpty)
        {
            error = "empty TXT RDATA";
            return false;
        }
        while (pos < rdata.Length)
        {
            var len = rdata[pos];
            if (pos + 1 + len > rdata.Length)
            {
                error = "character-string runs past RDATA";
                return false;
            }
            list.Add(rdata.Slice(pos + 1, len).ToArray());
            pos += 1 + len;
        }
        error = null;
        return true;
    }

    /// <summary>The character-strings of one record joined without separators, as AID reads them.</summary>
    public static byte[] Concatenate(IReadOnlyList<byte[]> strings)
    {
        ArgumentNullException.ThrowIfNull(strings);
        var result = new byte[strings.Sum(s => s.Length)];
        var pos = 0;
        foreach (var s in strings)
        {
            s.CopyTo(result, pos);
            pos += s.Length;
        }
        return result;
    }
}
