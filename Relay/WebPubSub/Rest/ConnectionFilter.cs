using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace AgentPlatform.Relay.WebPubSub.Rest;

/// <summary>
/// The subset of the REST API's OData <c>filter</c> this service evaluates: comparisons
/// <c>userId eq|ne 'v'</c>, <c>connectionId eq|ne 'v'</c>, <c>'g' in groups</c>, joined with <c>and</c>/<c>or</c>
/// (<c>and</c> binds tighter), optionally negated with <c>not</c>. Strings use <c>''</c> for a quote. Anything else is
/// refused with a clear error rather than guessed at.
/// </summary>
public sealed class ConnectionFilter
{
    private readonly List<List<Term>> _anyOf;

    private ConnectionFilter(List<List<Term>> anyOf) => _anyOf = anyOf;

    /// <summary>True when a connection with these attributes passes the filter.</summary>
    public bool Matches(string connectionId, string? userId, IReadOnlyCollection<string> groups) =>
        _anyOf.Any(all => all.All(t => t.Matches(connectionId, userId, groups)));

    public static bool TryParse(string? text, [NotNullWhen(true)] out ConnectionFilter? filter, out string error)
    {
        filter = null;
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            filter = new ConnectionFilter([[]]);
            return true;
        }
        if (!Tokenize(text, out var tokens, out error)) return false;
        var anyOf = new List<List<Term>> { new() };
        var i = 0;
        while (i < tokens.Count)
        {
            var negate = false;
            if (tokens[i] is { Quoted: false, Text: "not" }) { negate = true; i++; }
            if (i + 2 >= tokens.Count) { error = "incomplete filter expression"; return false; }
            var a = tokens[i]; var op = tokens[i + 1]; var b = tokens[i + 2];
            Term term;
            if (!a.Quoted && op is { Quoted: false, Text: "eq" or "ne" } && b.Quoted && a.Text is "userId" or "connectionId")
            {
                term = new Term(a.Text, b.Text, op.Text == "ne" ^ negate);
            }
            else if (a.Quoted && op is { Quoted: false, Text: "in" } && b is { Quoted: false, Text: "groups" })
            {
                term = new Term("groups", a.Text, negate);
            }
            else
            {
                error = "unsupported filter expression near '" + a.Text + "'";
                return false;
            }
            anyOf[^1].Add(term);
            i += 3;
            if (i == tokens.Count) break;
            switch (tokens[i])
            {
                case { Quoted: false, Text: "and" }: i++; break;
                case { Quoted: false, Text: "or" }: anyOf.Add([]); i++; break;
                default: error = "expected 'and' or 'or' near '" + tokens[i].Text + "'"; return false;
            }
            if (i == tokens.Count) { error = "the filter ends with an operator"; return false; }
        }
        filter = new ConnectionFilter(anyOf);
        return true;
    }

    private static bool Tokenize(string text, out List<Token> tokens, out string error)
    {
        tokens = [];
        error = "";
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '\'')
            {
                var sb = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= text.Length) { error = "unterminated string in filter"; return false; }
                    if (text[i] == '\'')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '\'') { sb.Append('\''); i += 2; continue; }
                        i++;
                        break;
                    }
                    sb.Append(text[i++]);
                }
                tokens.Add(new Token(sb.ToString(), true));
                continue;
            }
            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != '\'') i++;
            tokens.Add(new Token(text[start..i], false));
        }
        return true;
    }

    private readonly record struct Token(string Text, bool Quoted);

    private readonly record struct Term(string Field, string Value, bool Negated)
    {
        public bool Matches(string connectionId, string? userId, IReadOnlyCollection<string> groups)
        {
            var hit = Field switch
            {
                "userId" => string.Equals(userId, Value, StringComparison.Ordinal),
                "connectionId" => string.Equals(connectionId, Value, StringComparison.Ordinal),
                _ => groups.Contains(Value),
            };
            return hit ^ Negated;
        }
    }
}
