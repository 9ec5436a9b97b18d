using System.Globalization;

namespace AgentPlatform.Reliability.Disconnects;

/// <summary>Reads the ids out of a streamed answer of <see cref="NumberedChatServer"/> (<c>P#0;P#1;</c>…).</summary>
public static class ChunkText
{
    /// <summary>Each complete <c>P#i;</c> piece in <paramref name="text"/> as (id, prompt, index); other text is skipped.</summary>
    public static IEnumerable<(string Id, string Prompt, int Index)> Parse(string? text)
    {
        if (string.IsNullOrEmpty(text)) yield break;
        foreach (var piece in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var hash = piece.LastIndexOf('#');
            if (hash <= 0 || !int.TryParse(piece.AsSpan(hash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)) continue;
            yield return (piece + ";", piece[..hash], index);
        }
    }

    /// <summary>Every chunk id the answer to <paramref name="prompt"/> must contain.</summary>
    public static IEnumerable<string> Expected(string prompt) =>
        Enumerable.Range(0, NumberedChatServer.Pieces).Select(i => NumberedChatServer.Chunk(prompt, i));
}
